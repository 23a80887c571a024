const mb = (x: number) => (x / 2 ** 20).toFixed(1);
console.log('start', mb(process.memoryUsage().rss));
const h5 = await import('h5wasm/node');
console.log('imported', mb(process.memoryUsage().rss));
const M: any = await h5.ready;
console.log('ready', mb(process.memoryUsage().rss));
M.activate_throwing_error_handler();
console.log('act', mb(process.memoryUsage().rss));
