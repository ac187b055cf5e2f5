/** Issue 12: the hosted "Forgot your password?" pages. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  Agent,
  codeFlowParams,
  csrfOf,
  formActionOf,
  hostedPoolSeed,
  startTestPool,
  type TestPool,
} from "./harness.ts";

const POOL_ID = "us-east-1_HostedFgt1";
const CLIENT_ID = "hostedforgotclient00000000";
const CALLBACK = "http://localhost:4000/callback";

let pool: TestPool;
before(async () => {
  pool = await startTestPool({
    seed: hostedPoolSeed({
      id: POOL_ID,
      name: "forgot",
      clientId: CLIENT_ID,
      callback: CALLBACK,
      usernames: ["fay"],
    }),
  });
});
after(() => pool.cleanup());

const query = () => new URLSearchParams(codeFlowParams(CLIENT_ID, CALLBACK)).toString();

test("login links to the reset; code from the log + new password → back to /login → sign in", async () => {
  const q = query();
  const agent = new Agent(pool.url);
  const login = await (await agent.get(`/login?${q}`)).text();
  assert.ok(
    login.includes(`href="/forgotPassword?${q.replace(/&/g, "&amp;")}"`),
    "the login page links to the reset",
  );
  const start = await (await agent.get(`/forgotPassword?${q}`)).text();
  const sent = await agent.post(formActionOf(start), { _csrf: csrfOf(start), username: "fay" });
  assert.equal(sent.status, 200);
  const confirmPage = await sent.text();
  assert.match(confirmPage, /f\*\*\*@e\*\*\*/);
  const code = pool.log.resetCodeFor("fay");
  assert.ok(!confirmPage.includes(code), "the code is never on the page");

  const wrong = await agent.post(formActionOf(confirmPage), {
    _csrf: csrfOf(confirmPage),
    username: "fay",
    code: code === "111111" ? "222222" : "111111",
    password: "Reset-Pass-777",
    password_confirm: "Reset-Pass-777",
  });
  assert.equal(wrong.status, 400);
  assert.match(await wrong.text(), /Invalid verification code/);
  const done = await agent.post(formActionOf(confirmPage), {
    _csrf: csrfOf(confirmPage),
    username: "fay",
    code,
    password: "Reset-Pass-777",
    password_confirm: "Reset-Pass-777",
  });
  assert.equal(done.status, 302);
  assert.equal(done.headers.get("location"), `/login?${q}`);
  const events = await pool.ctx.stores.accountEvents.listAfter(POOL_ID, 0);
  assert.deepEqual(
    events.map((e) => [e.type, e.username]),
    [["user.password_reset", "fay"]],
  );

  const page = await (await agent.get(`/login?${q}`)).text();
  const signedIn = await agent.post(formActionOf(page), {
    _csrf: csrfOf(page),
    username: "fay",
    password: "Reset-Pass-777",
  });
  assert.equal(signedIn.status, 302);
  assert.ok(signedIn.headers.get("location")?.startsWith(`${CALLBACK}?code=`));
});

test("a stranger's name reads exactly like a real one; the form needs its CSRF token", async () => {
  const q = query();
  const agent = new Agent(pool.url);
  const start = await (await agent.get(`/forgotPassword?${q}`)).text();
  const stranger = await agent.post(formActionOf(start), { _csrf: csrfOf(start), username: "nobody" });
  assert.equal(stranger.status, 200);
  assert.match(await stranger.text(), /If an account matches, we sent a code/);
  const forged = await agent.post(formActionOf(start), { username: "fay" });
  assert.equal(forged.status, 403);
  const xss = await agent.post(formActionOf(start), {
    _csrf: csrfOf(start),
    username: '"><script>alert(1)</script>',
  });
  assert.ok(!(await xss.text()).includes("<script>alert(1)</script>"));
});
