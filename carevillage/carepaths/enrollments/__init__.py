"""Enrollments: one person's path in a program (referral or self-enrollment, tasks,
answers, completions, alerts, reminders, the care team's dashboard). May use
`carepaths.programs`; see the package docstring of `carepaths`."""
