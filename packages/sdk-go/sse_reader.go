package flagswitch

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// sseEvent is one server-sent event (https://html.spec.whatwg.org/multipage/server-sent-events.html).
type sseEvent struct {
	name string
	data []byte
	id   string
}

// sseReader reads events from a text/event-stream body. onActivity is called for every line,
// comments included: a heartbeat is a comment, and any line proves the stream alive.
type sseReader struct {
	lines      *bufio.Reader
	onActivity func()
}

func newSSEReader(body io.Reader, onActivity func()) *sseReader {
	return &sseReader{lines: bufio.NewReaderSize(body, 64<<10), onActivity: onActivity}
}

var errEventTooLarge = errors.New("flagswitch: stream event larger than the document limit")

// next returns the next event with data; io.EOF when the stream ends.
func (r *sseReader) next() (sseEvent, error) {
	var event sseEvent
	var data bytes.Buffer
	hasData := false
	for {
		line, err := r.readLine()
		if err != nil {
			return sseEvent{}, err
		}
		r.onActivity()
		if len(line) == 0 { // a blank line dispatches the event
			if hasData {
				event.data = data.Bytes()
				if event.name == "" {
					event.name = "message"
				}
				return event, nil
			}
			event = sseEvent{}
			continue
		}
		if line[0] == ':' {
			continue // a comment: the heartbeat
		}
		field, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(field) {
		case "event":
			event.name = string(value)
		case "data":
			if hasData {
				data.WriteByte('\n')
			}
			if data.Len()+len(value) > maxDocumentBytes {
				return sseEvent{}, errEventTooLarge
			}
			data.Write(value)
			hasData = true
		case "id":
			event.id = string(value)
		}
	}
}

// readLine reads one line without its end (LF or CRLF), however long, up to the
// document limit.
func (r *sseReader) readLine() ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.lines.ReadSlice('\n')
		if len(line)+len(chunk) > maxDocumentBytes {
			return nil, errEventTooLarge
		}
		line = append(line, chunk...)
		switch {
		case err == nil:
			line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r"))
			return line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(line) > 0:
			return nil, io.ErrUnexpectedEOF
		default:
			return nil, err
		}
	}
}
