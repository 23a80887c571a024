#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: no build step.
import { register } from 'tsx/esm/api';

// h5wasm's Node build is one 4 MB generated file (the HDF5 library compiled to WASM, inlined). Through
// tsx's loader it would be rewritten with a source map at a cost of about 600 MB of memory; imported
// natively first, the sources' later import of it finds it in the module cache. Only the commands that
// read or write chain files pay for loading it.
const CHAIN_COMMANDS = ['run', 'diagnose', 'merge', 'compare', 'reproduce', 'export'];
const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
if (CHAIN_COMMANDS.includes(command)) await import('h5wasm/node');

register();
const { main } = await import('../src/cli.ts');
await main(process.argv);
