package flagswitch

import (
	"strconv"
	"strings"
)

// ValidationError is one reason a document was refused, at a JSON Pointer (RFC 6901) into it,
// such as "/flags/new-checkout/rules/2/clauses/0/op".
type ValidationError struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

func (e ValidationError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// ValidationErrors is the error [ValidateDocument] returns: every problem it found.
type ValidationErrors []ValidationError

func (errs ValidationErrors) Error() string {
	if len(errs) == 0 {
		return "invalid flag document"
	}
	var text strings.Builder
	text.WriteString("invalid flag document: ")
	for i, err := range errs {
		if i == 3 {
			text.WriteString("; and " + strconv.Itoa(len(errs)-3) + " more")
			break
		}
		if i > 0 {
			text.WriteString("; ")
		}
		text.WriteString(err.Error())
	}
	return text.String()
}

// problems collects validation errors while a document is compiled.
type problems struct {
	errors ValidationErrors
}

func (p *problems) add(path, message string) {
	p.errors = append(p.errors, ValidationError{Path: path, Message: message})
}

func (p *problems) count() int { return len(p.errors) }

// pointer returns path extended by one object key, escaped as JSON Pointer requires.
func pointer(path, key string) string {
	if !strings.ContainsAny(key, "~/") {
		return path + "/" + key
	}
	return path + "/" + strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

// pointerIndex returns path extended by one array index.
func pointerIndex(path string, index int) string {
	return path + "/" + strconv.Itoa(index)
}
