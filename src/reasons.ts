/**
 * Every expected failure, as a code, and the words a person sees for it. This
 * is the one place reason codes become words. Write for an adviser at a busy
 * drop-in: what happened, and what to do next.
 */
const WORDS = {
  // validation
  invalid: 'Some details are missing or not right. Check the highlighted fields.',
  'invalid-text':
    'Some of the text has invisible characters that cannot be kept (they can come with text pasted from another program). Type it again, then try once more.',
  // sign-in and the local store
  'bad-credentials': 'That email address and password do not match an account on this network.',
  'server-unreachable':
    'Cannot reach the network server. Check the address and your internet connection, then try again.',
  'not-a-server': 'That address answered, but it is not a Handover network server.',
  'server-error': 'The network server had a problem. Try again in a minute.',
  'rate-limited': 'Too many attempts. Wait a few minutes, then try again.',
  unauthenticated: 'You have been signed out of the network. Sign in again.',
  'not-signed-in': 'Sign in first.',
  'no-organisation': 'Your account is not linked to an agency, so it cannot hold casework.',
  'passphrase-too-short':
    'Choose a passphrase of at least 10 characters. A few unrelated words are easy to remember and hard to guess.',
  'wrong-passphrase': 'That passphrase does not unlock the casework on this computer. Try again.',
  'keychain-unavailable':
    'This computer’s keychain did not answer, so your casework cannot be opened. Restart the computer and try again; if it keeps happening, ask your IT support.',
  'key-missing':
    'The key to your casework on this computer is missing, so it cannot be opened. Nothing has been changed. Ask your IT support for help.',
  'rekey-unfinished':
    'An earlier change of your casework key did not finish. Lock Handover and unlock it again, then try again.',
  'rekey-failed':
    'The key to your casework could not be changed. Nothing was lost: all your casework is still there. Try again later; if it keeps happening, ask your IT support.',
  'store-busy':
    'Handover is changing the key to your casework, so this cannot be done just now. Wait for it to finish (it can take a minute), then try again.',
  'store-damaged':
    'The casework file on this computer could not be opened. Nothing has been changed. Ask your IT support for help.',
  // casework
  'client-not-found': 'That client is not in your casework on this computer.',
  'case-not-found': 'That case is not in your casework on this computer.',
  'task-not-found': 'That task is not in your casework on this computer.',
  'document-not-found': 'That document is not in your casework on this computer.',
  'recovery-key-mismatch':
    'Those are not the last four characters of your recovery key. Check what you wrote down and try again.',
  'wrong-recovery-key':
    'That recovery key does not open the casework on this computer. Check each group of four characters and try again.',
  'no-recovery-key':
    'There is no recovery key for the casework on this computer, so it cannot be reopened this way. Ask your IT support for help.',
  'lock-needs-sign-in':
    'Handover cannot lock until you have signed in on this computer with your password. Sign out instead to leave it safe.',
  'wrong-password': 'That is not your password. Enter the password you sign in to Handover with.',
  'sign-in-again':
    'Handover needs you to sign in again on this computer before it can do that. Sign out, then sign in.',
  'unlock-wait':
    'Too many wrong tries. Wait a minute, then try again. If you have forgotten it, sign out and sign in again with the network.',
  'import-unreadable':
    'That file could not be read as a CSV file. Save it from your spreadsheet as “CSV (comma separated)” and try again.',
  'import-has-problems':
    'Nothing has been imported: some rows have problems. Fix them in the file (the list says which rows and why), then choose it again.',
  'erase-name-mismatch':
    'The name you typed is not this client’s name, so nothing was erased. Type their full name exactly as shown.',
  'backup-folder-unavailable':
    'Handover could not write to that backup folder. Check that it exists (for example, that the USB stick is plugged in) and that you can save files there.',
  // Choosing the backup folder (#5).
  'folder-not-writable':
    'Handover cannot write to this folder. If it is a USB stick, check it is plugged in and not locked. Otherwise choose another folder.',
  'folder-not-found':
    'Handover cannot find that folder. If it is on a USB stick or a network share, check it is connected, then choose it again.',
  'folder-unreadable':
    'Handover cannot look inside that folder: this computer does not let it. Choose another folder.',
  'folder-name-invalid':
    'Enter a folder name of up to 100 characters, without / \\ : * ? " < > | and not starting with a dot.',
  'folder-exists':
    'There is already a folder with that name here. Open it, or choose another name.',
  'no-folder-dialog':
    'This computer’s folder window is not available here. Use the list of folders instead.',
  'backup-check-failed':
    'The backup was written but did not read back correctly, so it was removed. Try again, or choose another folder.',
  'not-a-backup':
    'That folder is not a Handover backup. Choose the folder whose name starts with handover-backup.',
  'store-exists':
    'There is already casework for you on this computer, so a backup cannot be restored over it. Ask your IT support for help.',
  'not-passphrase-custody':
    'Your casework key is kept in this computer’s keychain, so there is no passphrase to change.',
  'document-empty': 'That file is empty. Choose the file again.',
  'document-too-large':
    'That file is too large. A document kept with a case can be up to 20 MB, and one sent with a referral up to 700 KB. Save a smaller copy, for example a photo at a lower size, and try again.',
  'document-wrong-type':
    'That file is not what its type says (for example a file renamed to .pdf). Choose a PDF, PNG, JPEG, Word, OpenDocument or plain text file.',
  // The PDF preview (#5): the file is kept either way, and can be saved.
  'pdf-password':
    'This PDF is protected by a password. Enter the password to see it here; it is not kept.',
  'pdf-wrong-password':
    'That password does not open this PDF. Check it with whoever sent the file: banks and employers often use a date of birth or a postcode.',
  'pdf-damaged':
    'This PDF could not be read: it may be damaged or incomplete. Save a copy and try another PDF reader, or ask for the document again.',
  'referral-not-found': 'That referral is not on this computer. It may not have arrived yet.',
  // referrals: decided by the server
  'not-found': 'The network server does not know that referral or service.',
  forbidden: 'Your agency is not allowed to do that.',
  'not-allowed-now':
    'That cannot be done now: the referral has moved on. The screen shows where it is now.',
  'service-not-receiving':
    'That service is not taking referrals at the moment. Choose another service for this client.',
  'own-organisation': 'A referral goes to another agency, not your own.',
  'not-eligible':
    'The client does not meet that service’s rules (the page says which). To refer them anyway, say why it should still go to this service.',
  conflict: 'Someone else changed this referral at the same moment. The screen shows the latest.',
  'wrong-side': 'Only the other agency can do that.',
  'already-held':
    'A colleague took this referral before your claim reached the network. The screen shows who holds it now.',
  'attachment-wrong-type':
    'That file cannot be attached: send a PDF, a picture (PNG or JPEG), a Word or OpenDocument text file, or plain text, and check its name ends the way its kind does (for example .pdf for a PDF).',
  'attachment-needs-network':
    'Documents go straight to the network, so this computer must be connected. Try again when “Connected to the network” shows at the top.',
  'not-a-colleague':
    'That person is not an adviser or lead at your agency any more, so the referral cannot be given to them. Choose someone else.',
  'consent-required': 'The client’s consent is needed before a referral is sent.',
  'agreement-needed':
    'Referrals wait until the agreements are accepted: yours as a user, and the data-sharing agreement by your agency’s lead and by the other agency’s lead.',
  // accounts and sign-in (#6)
  'insecure-server':
    'That network address does not use a secure connection (https) and is not on this computer, so passwords and client details could be read on the way. Check the address with your coordinator, or tick the box to use it anyway.',
  'two-factor-required':
    'Enter the six-digit code from your authenticator app, then sign in again.',
  'two-factor-invalid':
    'That code is not right. Codes change every 30 seconds: enter the one your app shows now.',
  'two-factor-setup-required':
    'Your network asks leads and coordinators to use two-factor sign-in. Set it up before you continue.',
  'invitation-invalid':
    'That invitation code does not work. It may have been used already or expired, or be for another email address. Ask whoever invited you for a new one.',
  'password-too-short':
    'Choose a password of at least 12 characters. A few unrelated words are easy to remember and hard to guess.',
  'password-too-common':
    'That password is one of the most common ones, so it is easy to guess. Choose another: a few unrelated words work well.',
  'password-like-account': 'Your password must not be your name or email address. Choose another.',
  'account-exists': 'There is already an account with that email address on this network.',
  'invitation-pending':
    'This person already has an invitation waiting from elsewhere in the network, so yours was not sent. They can accept that one; if it was not meant for them, ask your network coordinator.',
  'category-exists': 'There is already a category with that name.',
  'changed-meanwhile':
    'That was changed somewhere else at the same moment. Look at the screen again, then try once more.',
  'not-allowed': 'Your account is not allowed to do that.',
  'password-change-required':
    'That is the one-time password you were given. Choose your own password now to finish signing in.',
  'password-same-as-before': 'Choose a new password, not the one-time password you were given.',
  'two-factor-kept-by-network':
    'Your network requires leads and coordinators to use two-factor sign-in, so it cannot be turned off.',
  'two-factor-first':
    'Turn on two-factor sign-in for your own account first (on the Account page), so the rule does not shut you out.',
  'nothing-to-share': 'Choose at least one detail to share with the other agency.',
} as const;

export type Reason = keyof typeof WORDS;

export const REASONS = Object.keys(WORDS) as Reason[];

export const isReason = (code: string): code is Reason => Object.hasOwn(WORDS, code);

export const reasonText = (reason: Reason): string => WORDS[reason];
