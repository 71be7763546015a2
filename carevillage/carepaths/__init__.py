"""Care paths: programs and the people on them, in two halves with one rule.

- `programs/` is the template an editor authors in the admin: a program's settings, its
  modules with reading and exercises, its scheduled questionnaires and measurements.
  Nobody's data is in it. `programs.services` (writes), `programs.selectors` (reads:
  published programs, what an editor may author), `programs.admin_views` and
  `programs.admin_forms` (the Wagtail admin).
- `enrollments/` is one person's path in a program: referral or self-enrollment, the
  invitation's answer, dated tasks, exercise answers, module completions, alerts,
  reminders, the care team's dashboard. `enrollments.services` (writes),
  `enrollments.staff_selectors` (the care team's reads), `enrollments.patient_selectors`
  (the person's own reads), `enrollments.schedule` (when things happen, pure functions),
  `enrollments.reminders` (the e-mails).

The rule: `enrollments` may use `programs` (an enrollment follows its program);
`programs` never imports `enrollments` (a template does not know who is on it, beyond
asking the shared models whether a part is already in use). Both share `models.py`
(one Django app, one set of migrations) and `errors.py`. What Django and Wagtail look
for at the app's top level stays there: `views/` (thin, patient and staff),
`templatetags/`, `wagtail_hooks.py`, `tasks.py`, `signals.py`, `urls.py`, and `demo.py`,
which builds the demo village through both halves' services.
"""
