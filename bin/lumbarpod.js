#!/usr/bin/env node
// `lumbarpod` without a build step: compiles the TypeScript sources on load through ts-node.
'use strict';
const path = require('path');

const root = path.resolve(__dirname, '..');
require('ts-node').register({ transpileOnly: true, project: path.join(root, 'tsconfig.json') });
require(path.join(root, 'host-tools', 'cli', 'main')).runCli(process.argv);
