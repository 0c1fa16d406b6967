import { $ } from './dom.js';
import { DashboardApp, errorPanel } from './app.js';
import { forgetCredential, loadCredential, parseCredential, saveCredential } from './credentials.js';
import { GraphqlClient } from './graphql-client.js';
import { SESSION } from './queries.js';

const endpoint = document.querySelector('meta[name="bsc-graphql-path"]')?.content || '/graphql';
let app = null;
let noticeTimer;

function notify(message) {
  const el = $('#notice');
  el.textContent = message;
  el.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => (el.hidden = true), 10_000);
}

/** While the sign-in form is up, the page behind it is inert (no focus, no clicks, hidden from screen readers). */
function setSignInVisible(visible) {
  $('#sign-in').hidden = !visible;
  for (const el of document.querySelectorAll('.topbar, #main, #kpi-drawer')) el.inert = visible;
}

function showSignIn(message = '') {
  app?.stop();
  app = null;
  $('#sign-out').hidden = true;
  $('#sign-in-message').textContent = message;
  setSignInVisible(true);
  $('#credential').focus();
}

/** Opens a session with the credential: SESSION proves it works before anything is stored. */
async function signIn(credential, { remember }) {
  const client = new GraphqlClient(endpoint, credential, {
    onPartial: (message) => notify(`Part of the answer is missing: ${message}`),
  });
  let session;
  try {
    session = await client.request(SESSION);
  } catch (error) {
    if (error.name === 'AuthError') {
      forgetCredential();
      return showSignIn(`Sign-in failed: ${error.message}. Check the API key or JWT and try again.`);
    }
    if (error.code === 'FORBIDDEN') return showSignIn(`These credentials may not read the scorecard: ${error.message}`);
    setSignInVisible(false);
    $('#scorecard').replaceChildren(errorPanel(error.message));
    return undefined;
  }
  if (remember) saveCredential(credential);
  setSignInVisible(false);
  $('#sign-out').hidden = false;
  app = new DashboardApp({
    client,
    endpoint,
    session,
    notify,
    onAuthLost: (message) => {
      forgetCredential();
      showSignIn(message);
    },
  });
  await app.start();
  return undefined;
}

$('#sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const credential = parseCredential($('#credential').value);
  if (!credential) return showSignIn('Enter an API key or a JWT.');
  $('#credential').value = '';
  void signIn(credential, { remember: true });
  return undefined;
});

$('#sign-out').addEventListener('click', () => {
  forgetCredential();
  showSignIn('Signed out.');
});

const stored = loadCredential();
if (stored) void signIn(stored, { remember: false });
else showSignIn();
