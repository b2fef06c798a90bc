#!/usr/bin/env node
// Clean install from the lockfile (CI): see install() in lib/workspace.mjs for the one exception it allows.
import { install } from './lib/workspace.mjs';

install();
