"""Program templates (authoring): what an editor builds; nobody's data. Never imports
`carepaths.enrollments` (see the package docstring of `carepaths`)."""
