// Runs the official BIDS validator (npm bids-validator, the Node release) on a directory, offline,
// and returns its issues: the CLI with --json in a child process, as a user would run it.
import { spawnSync } from 'child_process';
import * as path from 'path';

export interface BidsIssue {
  key: string;
  code: number;
  severity: string;
  reason: string;
  files: string[];
  evidence: string[];
}

export interface BidsValidation {
  errors: BidsIssue[];
  warnings: BidsIssue[];
}

interface RawIssue {
  key: string;
  code: number;
  severity: string;
  reason: string;
  files: { file?: { relativePath?: string }; evidence?: string | null }[];
}

const VALIDATOR_BIN = path.join(path.dirname(require.resolve('bids-validator/package.json')), 'bin', 'bids-validator');

export function runBidsValidator(dir: string): BidsValidation {
  const result = spawnSync(process.execPath, [VALIDATOR_BIN, dir, '--json'], { encoding: 'utf8', timeout: 120000 });
  const start = result.stdout.indexOf('{');
  if (start < 0) throw new Error(`bids-validator printed no JSON (status ${result.status}): ${result.stdout}${result.stderr}`);
  const report = JSON.parse(result.stdout.slice(start)) as { issues: { errors: RawIssue[]; warnings: RawIssue[] } };
  const issue = (raw: RawIssue): BidsIssue => ({
    key: raw.key, code: raw.code, severity: raw.severity, reason: raw.reason,
    files: raw.files.map((f) => (f.file && f.file.relativePath) || ''),
    evidence: raw.files.map((f) => f.evidence || ''),
  });
  return { errors: report.issues.errors.map(issue), warnings: report.issues.warnings.map(issue) };
}

/** one line per issue, for a test failure message or the log */
export function formatBidsIssues(issues: BidsIssue[]): string {
  return issues.map((i) => `${i.severity} ${i.code} ${i.key}: ${i.reason} [${i.files.join(', ')}]`).join('\n');
}
