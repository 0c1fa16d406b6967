/*
 * An anomaly episode is news once. The detector's surprise (decades, −log10 of a tail probability) is told only when
 * it is at least `margin` decades above the last surprise told in the episode: the first sample of an episode is
 * told, and later ones only when ten times less likely again, so a level shift raises one alert, not one per sample.
 * The bar is the last surprise *told*, not the highest seen: an episode that builds up by less than a decade per
 * sample is still told as it passes each further decade (a bar that followed every sample would ratchet up with it
 * and never tell it at all).
 *
 * The episode ends when the signal is ordinary again — `quietToEnd` consecutive samples below `ordinary` decades,
 * i.e. in the body of their own distributions — and the next surprise is news again. O(1), two numbers of state.
 */
export class AnomalyEpisode {
  /** Surprise last told in the current episode (0: no episode). */
  private told = 0;
  /** Consecutive ordinary samples so far. */
  private quiet = 0;

  constructor(
    /** Surprise (decades) below which a sample is ordinary and never told. */
    private readonly ordinary: number,
    /** Decades a sample must exceed the last told surprise by to be told within an episode. */
    private readonly margin: number,
    /** Ordinary samples in a row that end an episode. */
    private readonly quietToEnd: number,
  ) {}

  /** The surprise to report for this sample: `surprise` when it is news, else 0. */
  tell(surprise: number): number {
    if (surprise < this.ordinary) {
      if (++this.quiet >= this.quietToEnd) this.told = 0;
      return 0;
    }
    this.quiet = 0;
    if (this.told > 0 && surprise <= this.told + this.margin) return 0;
    this.told = surprise;
    return surprise;
  }
}
