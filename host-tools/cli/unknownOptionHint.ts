// What `lumbarpod` says after "unknown option '--x'": the options a person was likely reaching for.
// Commander guesses by edit distance alone, so `record --raw` got "--rate" (two letters off)
// rather than "--raw-only" (the typed word plus more) or "--no-raw" (raw is already on).
import { Command, Option } from 'commander';

/** the typed option's name: `--raw=1` is an unknown `--raw` given a value */
function typedName(flag: string): string {
  return flag.replace(/^--/, '').replace(/=.*$/, '');
}

/** `name` starts with `word`, or one of its hyphen-separated words does (`acc-unit` for `unit`) */
function startsWithWord(name: string, word: string): boolean {
  return name.startsWith(word) || name.split('-').slice(1).some((part) => part.startsWith(word));
}

/**
 * The hint for an unknown long option among `options` (help order), or undefined to leave it to
 * commander's guess: `--X` where only `--no-X` is defined is on by default; options whose name, or
 * a word of it, starts with the typed name are suggested, whole-name matches first.
 */
export function unknownOptionHint(flag: string, options: readonly Option[]): string | undefined {
  const name = typedName(flag);
  if (!flag.startsWith('--') || name === '') return undefined;
  const longs = options.filter((option) => option.long !== undefined);
  // commander makes X true by default when only --no-X is defined and it has no default of its own
  const negation = longs.find((option) => option.negate && option.long === `--no-${name}` && option.defaultValue === undefined);
  const onByDefault = negation !== undefined && !longs.some((option) => option.long === `--${name}`);
  const matching = (test: (long: string) => boolean): string[] =>
    longs.map((option) => option.long as string).filter((long) => test(long.slice(2)) && !(onByDefault && long === negation.long));
  const wholeName = matching((long) => long.startsWith(name));
  const wordOfName = matching((long) => !long.startsWith(name) && startsWithWord(long, name));
  const suggested = [...wholeName, ...wordOfName];
  const guess = suggested.length === 0 ? undefined : `Did you mean ${suggested.length > 1 ? 'one of ' : ''}${suggested.join(', ')}?`;
  if (!onByDefault) return guess;
  const note = `--${name} is the default; ${negation.long} turns it off`;
  return guess === undefined ? note : `${note}. ${guess}`;
}

/** commander's unknown-option error, which the hint replaces where it has one */
const commanderUnknownOption = (Command.prototype as unknown as { unknownOption(this: Command, flag: string): void }).unknownOption;

/** a Command (and the subcommands made from it) whose unknown-option error carries unknownOptionHint */
export class HintingCommand extends Command {
  createCommand(name?: string): Command {
    return new HintingCommand(name);
  }

  unknownOption(flag: string): void {
    // options of the command and of those above it, as commander offers them
    const options: Option[] = [];
    for (let command: Command | null = this; command !== null; command = command.parent) {
      options.push(...command.createHelp().visibleOptions(command));
    }
    const allowed = (this as unknown as { _allowUnknownOption: boolean })._allowUnknownOption;
    const hint = allowed ? undefined : unknownOptionHint(flag, options);
    if (hint === undefined) {
      commanderUnknownOption.call(this, flag);
      return;
    }
    this.error(`error: unknown option '${flag}'\n(${hint})`, { code: 'commander.unknownOption' });
  }
}
