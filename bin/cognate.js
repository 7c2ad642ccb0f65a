#!/usr/bin/env node
import '../dist/src/commands/main.js';
