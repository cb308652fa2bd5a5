import { COMMANDS as TASKS, type Command, type OptionSpec } from './commands.js';

// The help texts, and the lookup of a command by its words.

const help: Command = {
  usage: 'help [command]',
  summary: 'Show this help, or a command’s',
  async run(_values, words) {
    if (words.length === 0) {
      process.stdout.write(overview());
      return 0;
    }
    const found = lookup(words);
    if (!found) return unknownCommand(words.join(' '));
    process.stdout.write(found.name ? commandHelp(found.name) : groupHelp(words[0]!));
    return 0;
  },
};

// Every command, help included.
export const COMMANDS: Record<string, Command> = { ...TASKS, help };

export const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

export function overview(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return `Usage: cosmolocal <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`cosmolocal <command> --help\` for a command's options.\n`;
}

export function commandHelp(name: string): string {
  const c = COMMANDS[name]!;
  const options = Object.entries({ ...c.options, help: HELP_OPTION }).map(([flag, o]) => {
    const left = `${o.short ? `-${o.short}, ` : ''}--${flag}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;
    return `  ${left.padEnd(28)} ${o.help}`;
  });
  return `Usage: cosmolocal ${c.usage}\n\n${c.summary}\n${c.details ? `\n${c.details}\n` : ''}\nOptions:\n${options.join('\n')}\n`;
}

// `import`, `export`, `facilities`, `demo`, `deploy`: commands with a second word.
export function groupHelp(group: string): string {
  const members = Object.entries(COMMANDS).filter(([n]) => n.startsWith(`${group} `));
  return `Usage: cosmolocal ${group} <${members.map(([n]) => n.split(' ')[1]).join('|')}> [options]\n\n${members
    .map(([, c]) => `  ${c.usage}\n      ${c.summary}`)
    .join('\n')}\n\nRun \`cosmolocal ${group} <command> --help\` for a command's options.\n`;
}

export function isGroup(word: string): boolean {
  return Object.keys(COMMANDS).some((n) => n.startsWith(`${word} `));
}

// The command the words name (two words first), or the group they name.
export function lookup(words: string[]): { name?: string; rest: string[] } | undefined {
  const [first, second] = words;
  if (first === undefined) return undefined;
  if (second !== undefined && COMMANDS[`${first} ${second}`]) return { name: `${first} ${second}`, rest: words.slice(2) };
  if (COMMANDS[first] && !isGroup(first)) return { name: first, rest: words.slice(1) };
  if (isGroup(first)) return { rest: words.slice(1) };
  return undefined;
}

export function usageError(name: string, message: string): number {
  process.stderr.write(
    `cosmolocal ${name}: ${message}\n\nUsage: cosmolocal ${COMMANDS[name]!.usage}\nRun \`cosmolocal ${name} --help\` for its options.\n`,
  );
  return 64; // EX_USAGE
}

export function unknownCommand(words: string): number {
  process.stderr.write(`Unknown command "${words}".\n\n${overview()}`);
  return 64;
}
