package rscmock

import "github.com/rsckit/rsckit/rscmock/internal/console"

// Server-rendered pages shared by the console and the widget stand-ins:
// their templates, frame and form checks are rscmock/internal/console's.

// Compiled page templates; immutable after package initialisation.
var (
	widgetPages = console.Parse("widgets")
)
