// The project's directory, found from wherever this module runs: its TypeScript source (through
// ts-node) or the CLI's bundle under dist/. Files the tools read from the project (the report's
// page script, the firmware's sources, the espruino session script) are named from it.
import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'lumbarpod';

function projectRootFrom(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const packageJson = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (packageJson.name === PACKAGE_NAME) return dir;
    } catch (e) {
      // no package.json here, or not one to read: look further up
    }
    if (path.dirname(dir) === dir) throw new Error(`no ${PACKAGE_NAME} package.json above ${start}`);
  }
}

export const PROJECT_ROOT = projectRootFrom(__dirname);
