// While the time slider shows a past moment, the panels that keep showing the present (the
// indicators, the alarm ticker) say so in green, as the map says "replay" in amber: an
// operator looking at history still sees every new alarm, and never mistakes one for the other.
import { onLangChange, t } from "../i18n.js";
import { onReplay, replayTime } from "../liveState.js";

/** Mark each of `panels` "live" for as long as the map replays a past moment. */
export function markLiveDuringReplay(panels) {
  const mark = () => {
    const replaying = replayTime() !== null;
    for (const panel of panels) {
      panel.classList.toggle("live-during-replay", replaying);
      // drawn by CSS from the attribute: a panel that re-renders its children keeps the mark
      if (replaying) panel.dataset.liveMark = t("replay.livepanel");
      else delete panel.dataset.liveMark;
    }
  };
  onReplay(mark);
  onLangChange(mark);
  mark();
}
