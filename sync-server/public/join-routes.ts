import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '#server/context.ts';
import { createJoinRequest } from '#server/directory/join.ts';
import { html, type Html } from '#server/public/html.ts';
import { INVISIBLE_CHARACTERS, readForm, type FormValues } from '#server/public/form.ts';
import { networkName, PUBLIC_BASE, sendPage } from '#server/public/respond.ts';
import {
  cookieOf,
  CSRF_COOKIE,
  RATE_LIMIT,
  RATE_WINDOW_MS,
  sameToken,
} from '#server/public/self-referral-routes.ts';
import { NATIONS } from '#src/nations.ts';
import type { Nation } from '#src/nations.ts';
import { line, text } from '#src/wire/text.ts';

/**
 * "Ask to join the network" (#4): an agency's would-be lead asks, with no
 * sign-in; the coordinator approves or declines on their desk. The same
 * guards as the self-referral form: CSRF cookie, honeypot, rate limit.
 */
const JOIN_PATH = `${PUBLIC_BASE}/join`;

const NATION_WORDS: Record<Nation, string> = {
  'england-and-wales': 'England or Wales',
  scotland: 'Scotland',
  'northern-ireland': 'Northern Ireland',
};

const FIELDS = {
  organisation: line(200),
  nation: line(30),
  about: text(2000),
  name: line(200),
  email: line(320),
  website: line(200),
  csrf: line(100),
};
type Form = FormValues<typeof FIELDS>;
type Errors = Partial<Record<keyof Form, string>>;

const EMPTY: Form = {
  organisation: '',
  nation: 'england-and-wales',
  about: '',
  name: '',
  email: '',
  website: '',
  csrf: '',
};

const LABELS: Record<string, string> = {
  organisation: 'Your agency’s name',
  nation: 'Where your agency works',
  about: 'What your agency does',
  name: 'Your name',
  email: 'Your work email address',
};

const validate = (f: Form): Errors => {
  const e: Errors = {};
  if (f.organisation === '') e.organisation = 'Enter your agency’s name';
  if (!(NATIONS as readonly string[]).includes(f.nation))
    e.nation = 'Choose where your agency works';
  if (f.about === '') e.about = 'Say briefly what your agency does and for whom';
  if (f.name === '') e.name = 'Enter your name';
  if (!z.email().safeParse(f.email).success)
    e.email = 'Enter an email address, like name@example.org';
  return e;
};

const errorFor = (errors: Errors, key: keyof Form): Html =>
  errors[key] ? html`<p class="error" id="${key}-error">Error: ${errors[key]}</p>` : html``;
const attrs = (errors: Errors, key: keyof Form, hint?: string): Html => {
  const ids = [hint, errors[key] ? `${key}-error` : undefined].filter(Boolean).join(' ');
  return html`${ids === '' ? '' : html` aria-describedby="${ids}"`}${
    errors[key] ? html` aria-invalid="true"` : ''
  }`;
};

const formPage = (network: string, f: Form, errors: Errors, csrf: string): Html => html`
<h1>Ask to join ${network}</h1>
<p>Agencies in the network send each other referrals and list their services in this directory. Tell the network’s coordinator about your agency; they will be in touch.</p>
${
  Object.keys(errors).length > 0
    ? html`<div class="error-summary" role="alert">
        <h2>There is a problem</h2>
        <ul>
          ${Object.entries(errors).map(
            ([k, m]) =>
              html`<li>
                <a href="#${k === 'nation' ? `nation-${NATIONS[0]}` : k}"
                  >${LABELS[k] ?? k}: ${m}</a
                >
              </li>`,
          )}
        </ul>
      </div>`
    : ''
}
<form method="post" action="${JOIN_PATH}" novalidate>
  <input type="hidden" name="csrf" value="${csrf}">
  <label for="organisation">${LABELS.organisation}</label>
  ${errorFor(errors, 'organisation')}
  <input type="text" id="organisation" name="organisation" value="${f.organisation}" autocomplete="organization"${attrs(errors, 'organisation')}>
  <fieldset${attrs(errors, 'nation')}>
    <legend>${LABELS.nation}</legend>
    ${errorFor(errors, 'nation')}
    ${NATIONS.map(
      (n) =>
        html`<div class="check">
          <input
            type="radio"
            id="nation-${n}"
            name="nation"
            value="${n}"
            ${f.nation === n ? html` checked` : ''}
          /><label for="nation-${n}">${NATION_WORDS[n]}</label>
        </div>`,
    )}
  </fieldset>
  <label for="about">${LABELS.about}</label>
  <p class="hint" id="about-hint">For example: free debt advice for people in the city, by appointment.</p>
  ${errorFor(errors, 'about')}
  <textarea id="about" name="about"${attrs(errors, 'about', 'about-hint')}>${f.about}</textarea>
  <label for="name">${LABELS.name}</label>
  <p class="hint" id="name-hint">The person who will look after your agency’s services in the network.</p>
  ${errorFor(errors, 'name')}
  <input type="text" id="name" name="name" value="${f.name}" autocomplete="name"${attrs(errors, 'name', 'name-hint')}>
  <label for="email">${LABELS.email}</label>
  ${errorFor(errors, 'email')}
  <input type="email" id="email" name="email" value="${f.email}" autocomplete="email"${attrs(errors, 'email')}>
  <div class="trap" aria-hidden="true">
    <label for="website">Leave this empty</label>
    <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="">
  </div>
  <button type="submit">Send</button>
</form>`;

const sentPage = (network: string): Html =>
  html`<div class="ok" role="status"><h1>Your request has been sent</h1></div>
    <p>${network}’s coordinator will look at it and reply by email.</p>
    <p><a href="/directory">Back to the directory</a></p>`;

export const joinRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  const attempts = new Map<string, number[]>();
  const limited = (ip: string, now: number): boolean => {
    const recent = (attempts.get(ip) ?? []).filter((t) => now - t < RATE_WINDOW_MS);
    recent.push(now);
    attempts.set(ip, recent);
    return recent.length > RATE_LIMIT;
  };

  app.get(JOIN_PATH, async (_request, reply) => {
    const name = await networkName(ctx.db);
    const csrf = randomBytes(32).toString('hex');
    void reply.header(
      'set-cookie',
      `${CSRF_COOKIE}=${csrf}; Path=${PUBLIC_BASE}; HttpOnly; SameSite=Strict`,
    );
    return sendPage(reply, 200, `Ask to join ${name}`, name, formPage(name, EMPTY, {}, csrf));
  });

  app.post(JOIN_PATH, async (request, reply) => {
    const name = await networkName(ctx.db);
    if (limited(request.ip, ctx.now().getTime())) {
      return sendPage(
        reply,
        429,
        'Too many requests',
        name,
        html`<h1>Too many requests</h1>
          <p>Please wait 15 minutes and try again.</p>`,
      );
    }
    const { values: form, invalidText } = readForm(FIELDS, request.body);
    if (!sameToken(cookieOf(request, CSRF_COOKIE), form.csrf)) {
      return sendPage(
        reply,
        403,
        'Please try again',
        name,
        html`<h1>Please try again</h1>
          <p>
            The form was open too long or came from somewhere else.
            <a href="${JOIN_PATH}">Open the form again</a>.
          </p>`,
      );
    }
    // A bot filled the field people cannot see: answer as if sent, keep nothing.
    if (form.website !== '') return sendPage(reply, 200, 'Request sent', name, sentPage(name));
    const errors = validate(form);
    for (const key of invalidText) errors[key] ??= INVISIBLE_CHARACTERS;
    if (Object.keys(errors).length > 0) {
      return sendPage(
        reply,
        400,
        `Error: Ask to join ${name}`,
        name,
        formPage(name, form, errors, form.csrf),
      );
    }
    await createJoinRequest(
      ctx.db,
      {
        organisationName: form.organisation,
        nation: form.nation as Nation,
        about: form.about,
        contactName: form.name,
        contactEmail: form.email,
      },
      ctx.now(),
    );
    return sendPage(reply, 200, 'Request sent', name, sentPage(name));
  });
};
