/**
 * Server-rendered HTML for the public directory: no JavaScript, readable on
 * a phone, everything escaped. Values are escaped where they are put in, by
 * `html` tagged templates; `raw` marks markup already built here.
 */
export type Html = { readonly __html: string };

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

export const raw = (s: string): Html => ({ __html: s });

type Part = string | number | Html | null | undefined | false | readonly Part[];

const render = (part: Part): string => {
  if (part === null || part === undefined || part === false) return '';
  if (typeof part === 'string') return escape(part);
  if (typeof part === 'number') return String(part);
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return (part as Html).__html;
};

export const html = (strings: TemplateStringsArray, ...parts: Part[]): Html =>
  raw(strings.reduce((out, s, i) => out + s + (i < parts.length ? render(parts[i]) : ''), ''));

export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;font-size:1.0625rem;line-height:1.5;color:#0b0c0c;background:#fff}
header{background:#123466;color:#fff;padding:.75rem 1rem}
header a{color:#fff;font-weight:700;text-decoration:none;font-size:1.25rem}
main{max-width:44rem;margin:0 auto;padding:1rem}
a{color:#1d4f91;text-underline-offset:.15em}
:focus-visible{outline:3px solid #fd0;box-shadow:0 0 0 6px #0b0c0c}
h1{font-size:1.75rem;line-height:1.2}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
.hint{color:#484949;margin:0 0 .5rem}
input[type=text],input[type=search],input[type=email],input[type=tel],input[type=date],select,textarea{display:block;width:100%;max-width:32rem;padding:.5rem;font:inherit;border:2px solid #0b0c0c;background:#fff}
textarea{min-height:8rem}
fieldset{border:0;padding:0;margin:1rem 0}
legend{font-weight:700}
.check{display:flex;gap:.5rem;align-items:flex-start;margin:.5rem 0}
.check input{width:1.25rem;height:1.25rem;margin-top:.2rem;flex:none}
.check label{font-weight:400;margin:0}
button{font:inherit;font-weight:600;padding:.6rem 1.2rem;border:2px solid #00703c;background:#00703c;color:#fff;margin-top:1rem;cursor:pointer}
.services{list-style:none;padding:0}
.services li{border:1px solid #b1b4b6;padding:1rem;margin-bottom:1rem}
.tag{display:inline-block;padding:.1rem .5rem;font-weight:600;background:#cce2d8;color:#005a30}
.tag.paused{background:#fff3cd;color:#4a2a00}
.org{color:#484949;margin:0}
.problem,.error-summary{border-left:6px solid #b10e1e;background:#fde8ea;padding:.75rem 1rem;margin:1rem 0}
.error{color:#b10e1e;font-weight:600;margin:0}
.ok{border-left:6px solid #00703c;background:#e6f4ea;padding:.75rem 1rem}
.trap{position:absolute;left:-9999px}
.skip{position:absolute;left:-9999px}
.skip:focus{left:1rem;top:1rem;background:#fd0;color:#0b0c0c;padding:.5rem}
dl div{padding:.5rem 0;border-bottom:1px solid #b1b4b6}
dt{font-weight:700}
dd{margin:0}
`;

export const page = (title: string, networkName: string, body: Html): string =>
  `<!doctype html>${
    html`<html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – ${networkName}</title>
        <link rel="stylesheet" href="/directory/style.css" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header><a href="/directory">${networkName}: find help</a></header>
        <main id="main">${body}</main>
      </body>
    </html>`.__html
  }`;
