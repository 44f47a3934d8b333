package flagswitch

// Instants for the before/after operators: epoch milliseconds, or the one ISO-8601 shape every
// SDK parses identically — YYYY-MM-DD (midnight UTC) or YYYY-MM-DDTHH:MM[:SS[.fraction]]
// followed by Z or ±HH:MM. time.Parse is not used: its layouts accept other shapes (and a
// zone-less date-time would be read in some zone), so the SDKs could disagree.

const (
	millisPerMinute = 60_000
	millisPerDay    = 86_400_000
)

// parseInstant returns milliseconds since the epoch, or false when v is neither a finite
// number nor an ISO date as described above.
func parseInstant(v any) (float64, bool) {
	if text, ok := v.(string); ok {
		return parseISOInstant(text)
	}
	return numberValue(v)
}

func parseISOInstant(text string) (float64, bool) {
	p := isoReader{text: text}
	year, okYear := p.digits(4)
	okDate := okYear && p.literal('-')
	month, okMonth := p.digits(2)
	okDate = okDate && okMonth && p.literal('-')
	day, okDay := p.digits(2)
	if !okDate || !okDay || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) {
		return 0, false
	}
	days := daysFromCivil(year, month, day)
	if p.done() {
		return float64(days) * millisPerDay, true
	}
	if !p.literal('T') {
		return 0, false
	}
	hour, okHour := p.digits(2)
	okTime := okHour && p.literal(':')
	minute, okMinute := p.digits(2)
	if !okTime || !okMinute {
		return 0, false
	}
	second, millis := 0, 0
	if p.literal(':') {
		var ok bool
		if second, ok = p.digits(2); !ok {
			return 0, false
		}
		if p.literal('.') {
			start := p.at
			for !p.done() && isDigit(p.text[p.at]) {
				p.at++
			}
			fraction := p.text[start:p.at]
			if fraction == "" {
				return 0, false
			}
			// Milliseconds: the first three digits, right-padded with zeros; the rest is truncated.
			for i := 0; i < 3; i++ {
				millis *= 10
				if i < len(fraction) {
					millis += int(fraction[i] - '0')
				}
			}
		}
	}
	offsetMinutes := 0
	switch {
	case p.literal('Z'):
	case !p.done() && (p.text[p.at] == '+' || p.text[p.at] == '-'):
		sign := 1
		if p.text[p.at] == '-' {
			sign = -1
		}
		p.at++
		offsetHours, okHours := p.digits(2)
		okOffset := okHours && p.literal(':')
		offsetRest, okRest := p.digits(2)
		if !okOffset || !okRest || offsetHours > 23 || offsetRest > 59 {
			return 0, false
		}
		offsetMinutes = sign * (offsetHours*60 + offsetRest)
	default:
		return 0, false // a date-time needs a zone: otherwise its instant depends on the machine
	}
	if !p.done() || hour > 23 || minute > 59 || second > 59 {
		return 0, false
	}
	return float64(days)*millisPerDay +
		float64(hour*60+minute-offsetMinutes)*millisPerMinute +
		float64(second*1000+millis), true
}

// isoReader walks an ISO-8601 string one expected piece at a time.
type isoReader struct {
	text string
	at   int
}

func (r *isoReader) done() bool { return r.at == len(r.text) }

func (r *isoReader) literal(c byte) bool {
	if r.at < len(r.text) && r.text[r.at] == c {
		r.at++
		return true
	}
	return false
}

// digits reads exactly n ASCII digits as a number.
func (r *isoReader) digits(n int) (int, bool) {
	if r.at+n > len(r.text) {
		return 0, false
	}
	value := 0
	for i := 0; i < n; i++ {
		c := r.text[r.at+i]
		if !isDigit(c) {
			return 0, false
		}
		value = value*10 + int(c-'0')
	}
	r.at += n
	return value, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func daysInMonth(year, month int) int {
	switch month {
	case 2:
		if (year%4 == 0 && year%100 != 0) || year%400 == 0 {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days from 1970-01-01 to a proleptic Gregorian date (Howard
// Hinnant's days_from_civil).
func daysFromCivil(year, month, day int) int {
	y := year
	if month <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yearOfEra := y - era*400
	shifted := month - 3
	if month <= 2 {
		shifted = month + 9
	}
	dayOfYear := (153*shifted+2)/5 + day - 1
	dayOfEra := yearOfEra*365 + yearOfEra/4 - yearOfEra/100 + dayOfYear
	return era*146097 + dayOfEra - 719468
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}
