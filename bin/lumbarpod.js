#!/usr/bin/env node
// `lumbarpod`: the host tools, bundled from their TypeScript on first use (scripts/cliBundle.js).
'use strict';
const { cliMainModule } = require('../scripts/cliBundle');

require(cliMainModule()).runCli(process.argv);
