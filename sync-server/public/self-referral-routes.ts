import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServerContext } from '#server/context.ts';
import { loadService } from '#server/directory/services.ts';
import { INVISIBLE_CHARACTERS, readForm, type FormValues } from '#server/public/form.ts';
import { html, type Html } from '#server/public/html.ts';
import { notFoundPage, servicePath } from '#server/public/pages.ts';
import { networkName, PUBLIC_BASE, sendPage } from '#server/public/respond.ts';
import { createSelfReferral } from '#server/public/self-referral.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { isReceiving } from '#src/directory/receiving.ts';
import { normalisePostcode } from '#src/postcode.ts';
import type { Service } from '#src/wire/directory.ts';
import { line, text } from '#src/wire/text.ts';

/**
 * The public self-referral form. Abuse is kept down by a CSRF token (a random
 * value in a SameSite=Strict cookie that the form must echo), a honeypot field
 * people never see, and a per-address rate limit. Nothing typed here is logged.
 */
export const CSRF_COOKIE = 'handover_csrf';
export const RATE_WINDOW_MS = 15 * 60_000;
export const RATE_LIMIT = 5;

const CONTACT = [
  { value: 'phone', label: 'Phone call' },
  { value: 'text-message', label: 'Text message' },
  { value: 'email', label: 'Email' },
] as const;

const FIELDS = {
  name: line(200),
  contact: line(20),
  phone: line(40),
  email: line(320),
  postcode: line(10),
  needs: text(5000),
  consent: line(10),
  website: line(200),
  csrf: line(100),
};
type Form = FormValues<typeof FIELDS>;
type Errors = Partial<Record<keyof Form, string>>;

const EMPTY: Form = {
  name: '',
  contact: 'phone',
  phone: '',
  email: '',
  postcode: '',
  needs: '',
  consent: '',
  website: '',
  csrf: '',
};

const validate = (f: Form): Errors => {
  const e: Errors = {};
  if (f.name === '') e.name = 'Enter your name';
  if (!CONTACT.some((c) => c.value === f.contact))
    e.contact = 'Choose how you would like to be contacted';
  if (
    (f.contact === 'phone' || f.contact === 'text-message') &&
    !/^[0-9+() -]{10,20}$/.test(f.phone)
  )
    e.phone = 'Enter a phone number, like 07700 900123';
  if (f.contact === 'email' && !z.email().safeParse(f.email).success)
    e.email = 'Enter an email address, like name@example.org';
  if (f.postcode !== '' && normalisePostcode(f.postcode) === null)
    e.postcode = 'Enter a full postcode, like NR1 3AB, or leave it empty';
  if (f.needs === '') e.needs = 'Say briefly what you need help with';
  if (f.consent !== 'yes')
    e.consent = 'Tick the box to agree to your details being shared with this service';
  return e;
};

export const cookieOf = (request: FastifyRequest, name: string): string | null => {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
};

export const sameToken = (a: string | null, b: string): boolean =>
  a !== null &&
  /^[0-9a-f]{64}$/.test(b) &&
  a.length === b.length &&
  timingSafeEqual(Buffer.from(a), Buffer.from(b));

const LABELS: Record<string, string> = {
  name: 'Your name',
  contact: 'How they should contact you',
  phone: 'Phone number',
  email: 'Email address',
  postcode: 'Postcode',
  needs: 'What you need help with',
  consent: 'Agreement',
};

const errorFor = (errors: Errors, key: keyof Form): Html =>
  errors[key] ? html`<p class="error" id="${key}-error">Error: ${errors[key]}</p>` : html``;
const describedBy = (errors: Errors, key: keyof Form, hint?: string): Html => {
  const ids = [hint, errors[key] ? `${key}-error` : undefined].filter(Boolean).join(' ');
  return ids === '' ? html`` : html` aria-describedby="${ids}"`;
};
const invalid = (errors: Errors, key: keyof Form): Html =>
  errors[key] ? html` aria-invalid="true"` : html``;

const formPage = (s: Service, f: Form, errors: Errors, csrf: string): Html => html`
<h1>Ask ${s.organization_name} to contact you</h1>
<p>About: <a href="${servicePath(s.id)}">${s.name}</a>. Fill in this form and the service will get in touch. It is free.</p>
${
  Object.keys(errors).length > 0
    ? html`<div class="error-summary" role="alert">
        <h2>There is a problem</h2>
        <ul>
          ${Object.entries(errors).map(
            ([k, m]) =>
              html`<li>
                <a href="#${k === 'contact' ? 'contact-phone' : k}">${LABELS[k] ?? k}: ${m}</a>
              </li>`,
          )}
        </ul>
      </div>`
    : ''
}
<form method="post" action="${servicePath(s.id)}/refer" novalidate>
  <input type="hidden" name="csrf" value="${csrf}">
  <label for="name">Your name</label>
  ${errorFor(errors, 'name')}
  <input type="text" id="name" name="name" value="${f.name}" autocomplete="name"${invalid(errors, 'name')}${describedBy(errors, 'name')}>
  <fieldset${describedBy(errors, 'contact')}>
    <legend>How should they contact you?</legend>
    ${errorFor(errors, 'contact')}
    ${CONTACT.map(
      (c) =>
        html`<div class="check">
          <input
            type="radio"
            id="contact-${c.value}"
            name="contact"
            value="${c.value}"
            ${f.contact === c.value ? html` checked` : ''}
          /><label for="contact-${c.value}">${c.label}</label>
        </div>`,
    )}
  </fieldset>
  <label for="phone">Phone number</label>
  <p class="hint" id="phone-hint">Needed for a phone call or a text message</p>
  ${errorFor(errors, 'phone')}
  <input type="tel" id="phone" name="phone" value="${f.phone}" autocomplete="tel"${invalid(errors, 'phone')}${describedBy(errors, 'phone', 'phone-hint')}>
  <label for="email">Email address</label>
  <p class="hint" id="email-hint">Needed if you chose email</p>
  ${errorFor(errors, 'email')}
  <input type="email" id="email" name="email" value="${f.email}" autocomplete="email"${invalid(errors, 'email')}${describedBy(errors, 'email', 'email-hint')}>
  <label for="postcode">Postcode (optional)</label>
  ${errorFor(errors, 'postcode')}
  <input type="text" id="postcode" name="postcode" value="${f.postcode}" autocomplete="postal-code"${invalid(errors, 'postcode')}${describedBy(errors, 'postcode')}>
  <label for="needs">What do you need help with?</label>
  <p class="hint" id="needs-hint">A few sentences is enough. Do not include bank details or passwords.</p>
  ${errorFor(errors, 'needs')}
  <textarea id="needs" name="needs"${invalid(errors, 'needs')}${describedBy(errors, 'needs', 'needs-hint')}>${f.needs}</textarea>
  <div class="trap" aria-hidden="true">
    <label for="website">Leave this empty</label>
    <input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value="">
  </div>
  ${errorFor(errors, 'consent')}
  <div class="check">
    <input type="checkbox" id="consent" name="consent" value="yes"${f.consent === 'yes' ? html` checked` : ''}${invalid(errors, 'consent')}${describedBy(errors, 'consent')}>
    <label for="consent">I agree that ${s.organization_name} may keep these details and use them to contact me about this request.</label>
  </div>
  <button type="submit">Send</button>
</form>`;

const sentPage = (s: Service, contact: string): Html =>
  html` <div class="ok" role="status"><h1>Your request has been sent</h1></div>
    <p>
      ${s.organization_name} will contact you by
      ${CONTACT.find((c) => c.value === contact)?.label.toLowerCase() ?? 'the way you chose'}. They
      usually reply within a few working days.
    </p>
    <p>If you need help urgently, phone the service${s.phone ? html` on ${s.phone}` : ''}.</p>
    <p><a href="/directory">Back to the directory</a></p>`;

const closedPage = (s: Service): Html =>
  html` <h1>${s.name} is not taking requests through this site</h1>
    <p>
      You can still use the contact details on
      <a href="${servicePath(s.id)}">the service’s page</a>, or search for another service.
    </p>
    <p><a href="/directory">Search the directory</a></p>`;

export const selfReferralRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  const attempts = new Map<string, number[]>();
  const limited = (ip: string, now: number): boolean => {
    const recent = (attempts.get(ip) ?? []).filter((t) => now - t < RATE_WINDOW_MS);
    recent.push(now);
    attempts.set(ip, recent);
    return recent.length > RATE_LIMIT;
  };

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : '')));
    },
  );

  const load = async (params: unknown) => {
    const id = z.object({ id: z.uuid() }).safeParse(params);
    return id.success ? loadService(ctx.db, id.data.id) : null;
  };
  const open = (s: Service): boolean =>
    s.accepts_self_referral && isReceiving(s.receiving, londonDate(ctx.now()));

  app.get(`${PUBLIC_BASE}/services/:id/refer`, async (request, reply) => {
    const name = await networkName(ctx.db);
    const service = await load(request.params);
    if (service === null) return sendPage(reply, 404, 'Page not found', name, notFoundPage());
    if (!open(service)) return sendPage(reply, 200, service.name, name, closedPage(service));
    const csrf = randomBytes(32).toString('hex');
    void reply.header(
      'set-cookie',
      `${CSRF_COOKIE}=${csrf}; Path=${PUBLIC_BASE}; HttpOnly; SameSite=Strict`,
    );
    return sendPage(
      reply,
      200,
      `Ask ${service.organization_name} to contact you`,
      name,
      formPage(service, EMPTY, {}, csrf),
    );
  });

  app.post(`${PUBLIC_BASE}/services/:id/refer`, async (request, reply) => {
    const name = await networkName(ctx.db);
    if (limited(request.ip, ctx.now().getTime())) {
      return sendPage(
        reply,
        429,
        'Too many requests',
        name,
        html`<h1>Too many requests</h1>
          <p>Please wait 15 minutes and try again, or phone the service.</p>`,
      );
    }
    const service = await load(request.params);
    if (service === null) return sendPage(reply, 404, 'Page not found', name, notFoundPage());
    if (!open(service)) return sendPage(reply, 200, service.name, name, closedPage(service));
    const { values: form, invalidText } = readForm(FIELDS, request.body);
    const cookie = cookieOf(request, CSRF_COOKIE);
    if (!sameToken(cookie, form.csrf)) {
      return sendPage(
        reply,
        403,
        'Please try again',
        name,
        html`<h1>Please try again</h1>
          <p>
            The form was open too long or came from somewhere else.
            <a href="${servicePath(service.id)}/refer">Open the form again</a>.
          </p>`,
      );
    }
    // A bot filled the field people cannot see: answer as if sent, keep nothing.
    if (form.website !== '')
      return sendPage(reply, 200, 'Request sent', name, sentPage(service, form.contact));
    const errors = validate(form);
    for (const key of invalidText) errors[key] ??= INVISIBLE_CHARACTERS;
    if (Object.keys(errors).length > 0) {
      return sendPage(
        reply,
        400,
        `Error: Ask ${service.organization_name} to contact you`,
        name,
        formPage(service, form, errors, form.csrf),
      );
    }
    const contact = form.contact as 'phone' | 'text-message' | 'email';
    const shared: ('name' | 'phone' | 'email' | 'postcode' | 'preferredContact')[] = [
      'name',
      'preferredContact',
    ];
    if (form.phone !== '') shared.push('phone');
    if (form.email !== '') shared.push('email');
    if (form.postcode !== '') shared.push('postcode');
    const created = await createSelfReferral(
      ctx.db,
      service,
      {
        client: {
          name: form.name,
          dateOfBirth: null,
          phone: form.phone === '' ? null : form.phone,
          email: form.email === '' ? null : form.email,
          address: null,
          postcode: form.postcode === '' ? null : normalisePostcode(form.postcode),
          preferredContact: contact,
        },
        needs: form.needs,
      },
      shared,
      ctx.now(),
    );
    if (!created.ok) return sendPage(reply, 200, service.name, name, closedPage(service));
    return sendPage(reply, 200, 'Request sent', name, sentPage(service, contact));
  });
};
