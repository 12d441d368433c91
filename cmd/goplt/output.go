package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/goplt/goplt/generator"
)

// printer writes to one of goplt's outputs and keeps the first error, so a
// plan sent to a full disk or a closed pipe fails the run instead of
// passing for printed.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) Write(b []byte) (int, error) {
	if p.err != nil {
		return 0, p.err
	}
	n, err := p.w.Write(b)
	p.err = err
	return n, err
}

func (p *printer) printf(format string, args ...any) { _, _ = fmt.Fprintf(p, format, args...) }
func (p *printer) println(args ...any)               { _, _ = fmt.Fprintln(p, args...) }

// isTerminalWriter reports whether w is a terminal that a progress line
// can redraw in place.
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && os.Getenv("TERM") != "dumb" && term.IsTerminal(int(f.Fd()))
}

// progress tells what a run is doing while it takes seconds. On a terminal
// (and without -q) it redraws one line on stderr with a spinner, the step
// and the time taken so far, and clears it when the run ends. Elsewhere
// it prints a line for a step only when that step is slow for a reason
// worth knowing (Ent's generator is compiled first), or every step with -v.
type progress struct {
	e     *env
	mu    sync.Mutex
	label string
	start time.Time
	drawn bool
	stop  chan struct{}
	done  sync.WaitGroup
}

// spinnerFrames are drawn in turn, one per tick.
var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// drawAfter keeps a run that ends quickly from flashing a progress line.
const drawAfter = 400 * time.Millisecond

// options are the generator options every command that renders shares:
// slow steps and version notices reported through p, this goplt's version
// and the version rule (allowSkew: --allow-version-skew).
func (p *progress) options(allowSkew bool) generator.Options {
	return generator.Options{Progress: p.step, Notice: p.notice, Goplt: versionString(), AllowVersionSkew: allowSkew}
}

// startProgress begins reporting a run described by label ("generating").
func (e *env) startProgress(label string) *progress {
	p := &progress{e: e, label: label, start: time.Now(), stop: make(chan struct{})}
	if e.live && !e.quiet {
		p.done.Add(1)
		go p.spin()
	}
	return p
}

// step hears of a slow step of the generator; see generator.Progress.
func (p *progress) step(s generator.Step) {
	msg := s.String()
	if s.Cold {
		msg += ": the first run compiles Ent's generator, about a minute"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.e.quiet:
	case p.e.live:
		p.label = msg
		p.drawLocked(0)
	case s.Cold || p.e.verbose:
		p.e.stderr.println(msg)
	}
}

// notice prints a one-line note or warning of goplt's (the version
// check's) on a line of its own, unless -q; the spinner redraws below it.
func (p *progress) notice(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.e.quiet {
		return
	}
	if p.drawn {
		p.e.stderr.printf("\r\x1b[K")
		p.drawn = false
	}
	p.e.stderr.printf("goplt: %s\n", msg)
}

// spin redraws the line until end is called.
func (p *progress) spin() {
	defer p.done.Done()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for frame := 0; ; frame++ {
		select {
		case <-p.stop:
			return
		case <-tick.C:
			p.mu.Lock()
			if p.drawn || time.Since(p.start) >= drawAfter {
				p.drawLocked(frame)
			}
			p.mu.Unlock()
		}
	}
}

// drawLocked redraws the progress line; p.mu is held. The line is cut to
// the terminal's width: a wrapped line could not be redrawn in place.
func (p *progress) drawLocked(frame int) {
	line := []rune(fmt.Sprintf("%s %2ds %s", spinnerFrames[frame%len(spinnerFrames)], int(time.Since(p.start).Seconds()), p.label))
	if w := p.e.width(); w > 1 && len(line) > w-1 {
		line = append(line[:w-2], '…')
	}
	p.e.stderr.printf("\r\x1b[K%s", string(line))
	p.drawn = true
}

// width is the width of the terminal on stderr, or 0.
func (e *env) width() int {
	if f, ok := e.stderr.w.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil {
			return w
		}
	}
	return 0
}

// end stops the spinner and clears its line, so what follows starts on a
// clean one.
func (p *progress) end() {
	close(p.stop)
	p.done.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		p.e.stderr.printf("\r\x1b[K")
		p.drawn = false
	}
}
