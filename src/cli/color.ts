// The one place that decides whether a terminal report is coloured.
import chalk from 'chalk';

/** Colour only for a report going to stdout, without --no-color or NO_COLOR, when chalk sees colour support. */
export function useColor(opts: { color?: boolean; output?: string | undefined }): boolean {
  return opts.output === undefined && opts.color !== false && chalk.level > 0 && !process.env.NO_COLOR;
}
