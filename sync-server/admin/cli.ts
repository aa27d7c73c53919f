import { runAdmin } from '#server/admin/run.ts';

/** `npm run admin -- <command> …`; `npm run admin -- help` lists the commands. */
process.exitCode = await runAdmin(process.argv.slice(2), {
  env: process.env,
  out: (line) => {
    console.log(line);
  },
  err: (line) => {
    console.error(line);
  },
});
