// `npm run console:owner`: makes an owner account for the merchant console, the first one above
// all (after that, owners add the team on the console's Team page). The password is read from
// standard input, or asked for twice without echo at a terminal; never from the command line,
// where it would stay in the shell's history and the process list.
//
//   npm run console:owner -- --email owner@toko.example --name "Sari"
//   printf '%s\n' "$PASSWORD" | npm run console:owner -- --email owner@toko.example --name "Sari"
//   npm run console:owner -- --email owner@toko.example --reset   # new password, owner again
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { createMember, resetToOwner, type MemberProblem } from "@/lib/console-accounts/members";
import { PASSWORD_LENGTH } from "@/lib/console-accounts/passwords";
import { openDatabase } from "@/lib/db/client";
import { EnvError, parseEnv } from "@/lib/env";

class Refusal extends Error {}

const PROBLEMS: Record<string, string> = {
  invalid: "check --email (an address) and --name (1 to 80 characters)",
  email_taken: "an account with that email exists (add --reset to give it a new password and make it an owner)",
  not_found: "no account has that email (leave out --reset to make one)",
  too_short: `the password needs at least ${PASSWORD_LENGTH.min} characters`,
  too_long: `the password may have at most ${PASSWORD_LENGTH.max} characters`,
  too_weak: "the password is too easy to guess (use a passphrase of several random words, or a password manager's)",
};

const describe = (problem: MemberProblem) => PROBLEMS[problem.code === "weak_password" ? problem.problem : problem.code] ?? problem.code;

async function askHidden(question: string): Promise<string> {
  // Keystrokes go to a sink, so the terminal does not show them.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  process.stdout.write(question);
  const prompt = createInterface({ input: process.stdin, output: sink, terminal: true });
  try {
    return await prompt.question("");
  } finally {
    prompt.close();
    process.stdout.write("\n");
  }
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) {
    const password = await askHidden("Password: ");
    if ((await askHidden("Again: ")) !== password) throw new Refusal("the two passwords differ");
    return password;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // The first line; a trailing newline from echo or printf is not part of it.
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, reset: { type: "boolean", default: false } },
    strict: true,
  });
  if (!values.email) throw new Refusal("--email is required");
  if (!values.reset && !values.name) throw new Refusal("--name is required");
  const config = parseEnv(process.env);
  const password = await readPassword();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, poolSize: 1, pgliteDataDir: config.pgliteDataDir });
  try {
    const result = values.reset
      ? await resetToOwner(database.db, values.email, password)
      : await createMember(database.db, { email: values.email, name: values.name, role: "owner", password });
    if (!result.ok) throw new Refusal(describe(result.error));
    console.log(
      values.reset
        ? `${result.value.email} is an owner again, with the new password; every browser it was signed in on is signed out.`
        : `Owner ${result.value.email} made. Sign in at ${config.appUrl}/merchant/login.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof Refusal) console.error(`npm run console:owner: ${error.message}`);
  else if (error instanceof EnvError) console.error(`npm run console:owner: the configuration is invalid: ${error.problems.join("; ")}`);
  else if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) console.error(`npm run console:owner: ${error.message} (use --email, --name, --reset)`);
  else console.error(error);
  process.exitCode = 1;
});
