/** The reference point: a bare Koa route answering a small JSON body, nothing else. */
import Koa from 'koa';

const app = new Koa();
app.use((ctx) => { ctx.body = { expiresIn: 300 }; });
app.listen(Number(process.env.PORT), '127.0.0.1');
