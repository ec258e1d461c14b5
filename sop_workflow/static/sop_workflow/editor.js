/*
 * The page editor of the SOP types: autosave never carries a workflow action, and an action is
 * sent once, after any save under way, naming the revision the reviewer has in front of them.
 * The server enforces the same rules (sop_workflow/editor.py); this keeps people from meeting
 * its refusals in ordinary use.
 */
(function () {
  'use strict';

  const form = document.querySelector('form[data-edit-form]');
  if (!form) return;
  // Absent on the create view, which has no revision yet.
  const seen = form.querySelector('input[name="sop_seen_revision"]');

  const ACTION_FIELDS = [
    'action-workflow-action',
    'workflow-action-name',
    'workflow-action-extra-data',
    'action-submit',
    'action-publish',
    'action-cancel-workflow',
    'action-restart-workflow',
  ];
  const nativeSubmit = HTMLFormElement.prototype.submit;
  let sending = false; // the form has been submitted: nothing else is sent from this page
  let saving = 0; // autosaves scheduled or under way
  let settle = null; // resolves the wait for them

  function saved() {
    saving = Math.max(0, saving - 1);
    if (saving === 0 && settle) settle();
  }

  // Autosave posts the whole form in the background: never with an action in it, and not at
  // all once the page is being submitted.
  form.addEventListener('w-autosave:save', (event) => {
    if (sending) {
      event.preventDefault();
      return;
    }
    const data = event.detail && event.detail.formData;
    if (data) ACTION_FIELDS.forEach((name) => data.delete(name));
    saving += 1;
  });

  // What this tab autosaved is what the reviewer sees.
  form.addEventListener('w-autosave:success', (event) => {
    const response = event.detail && (event.detail.response || event.detail.data);
    if (seen && response && response.revision_id) seen.value = response.revision_id;
    saved();
  });
  form.addEventListener('w-autosave:error', saved);

  // From now on nothing is autosaved; resolves once a save already scheduled or under way has
  // finished (a few seconds at most: the server refuses an action on a version its reviewer
  // has not seen anyway).
  function start() {
    sending = true;
    const app = window.wagtail && window.wagtail.app;
    const controller = app && app.getControllerForElementAndIdentifier(form, 'w-autosave');
    if (controller) controller.activeValue = false;
    if (saving === 0) return null;
    return new Promise((resolve) => {
      settle = resolve;
      window.setTimeout(resolve, 5000);
    });
  }

  // A button of the form (save, submit, an action without a dialog): the browser's own submit
  // goes at once, unless an autosave is under way; a second one (double click) never goes.
  document.addEventListener(
    'submit',
    (event) => {
      if (event.target !== form) return;
      if (sending) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      const waiting = start();
      if (!waiting) return;
      event.preventDefault();
      const submitter = event.submitter;
      if (submitter && submitter.name) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = submitter.name;
        input.value = submitter.value;
        form.appendChild(input);
      }
      waiting.then(() => nativeSubmit.call(form));
    },
    true,
  );

  // An action with a dialog: Wagtail's script adds the answers and calls form.submit(). That
  // submits without a submit event, so the unsaved-changes guard is told here, as a button's
  // submit tells it: else the browser's "leave the page?" question came up, and answering
  // "stay" left this page refusing every later submit.
  function submitNow() {
    const app = window.wagtail && window.wagtail.app;
    const unsaved = app && app.getControllerForElementAndIdentifier(form, 'w-unsaved');
    if (unsaved) unsaved.submit();
    nativeSubmit.call(form);
  }

  form.submit = function submitOnce() {
    if (sending) return;
    const waiting = start();
    if (waiting) waiting.then(submitNow);
    else submitNow();
  };

  // Back to this page from the browser's history cache: a new start, autosave on again, and
  // without the action the page sent before (Wagtail's script added it as hidden inputs).
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted || !sending) return;
    sending = false;
    saving = 0;
    form.querySelectorAll('input[type="hidden"]').forEach((input) => {
      if (ACTION_FIELDS.includes(input.name)) input.remove();
    });
    const app = window.wagtail && window.wagtail.app;
    const controller = app && app.getControllerForElementAndIdentifier(form, 'w-autosave');
    if (controller) controller.activeValue = true;
  });
})();
