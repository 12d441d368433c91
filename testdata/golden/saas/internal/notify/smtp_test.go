package notify

import (
	"bufio"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/saas/pkg/config"
	"example.com/saas/pkg/notify"
)

// received is one message accepted by smtpServer.
type received struct {
	from string
	rcpt []string
	data string
}

// smtpServer is the smallest SMTP server go-mail can talk to: EHLO, MAIL,
// RCPT, DATA, RSET, NOOP and QUIT, without STARTTLS or AUTH. It listens on
// 127.0.0.1:0 and records every message.
type smtpServer struct {
	ln   net.Listener
	wg   sync.WaitGroup
	msgs chan received
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &smtpServer{ln: ln, msgs: make(chan received, 4)}
	s.wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() { s.serve(conn) })
		}
	})
	t.Cleanup(func() {
		_ = ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *smtpServer) serve(conn net.Conn) {
	defer func() { _ = conn.Close() }() // the client sees the end either way
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(conn)
	reply := func(line string) { _, _ = io.WriteString(conn, line+"\r\n") }
	reply("220 localhost test SMTP")
	var msg received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO", "HELO":
			reply("250-localhost greets you")
			reply("250 8BITMIME")
		case "MAIL":
			msg = received{from: addrArg(line)}
			reply("250 OK")
		case "RCPT":
			msg.rcpt = append(msg.rcpt, addrArg(line))
			reply("250 OK")
		case "DATA":
			reply("354 end with <CRLF>.<CRLF>")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, ".")) // undo dot-stuffing
			}
			msg.data = b.String()
			s.msgs <- msg
			reply("250 OK queued")
		case "QUIT":
			reply("221 bye")
			return
		default: // RSET, NOOP
			reply("250 OK")
		}
	}
}

// addrArg extracts the address from "MAIL FROM:<a@b> ..." or "RCPT TO:<a@b>".
func addrArg(line string) string {
	start, end := strings.Index(line, "<"), strings.Index(line, ">")
	if start < 0 || end < start {
		return ""
	}
	return line[start+1 : end]
}

func emailConfig(port int, policy string) config.Email {
	return config.Email{
		Host:      "127.0.0.1",
		Port:      port,
		From:      "Saas <no-reply@example.com>",
		TLSPolicy: policy,
		Timeout:   5 * time.Second,
	}
}

func TestEmailSendsMultipartMessage(t *testing.T) {
	srv := startSMTP(t)
	e, err := NewEmail(emailConfig(srv.port(), config.TLSNone))
	require.NoError(t, err)

	err = e.Send(context.Background(), notify.Message{
		To:      []string{"alice@example.com", "bob@example.com"},
		Subject: "Welcome to Saas",
		Body:    "Hello Alice, plain text.",
		HTML:    "<p>Hello <b>Alice</b></p>",
	})
	require.NoError(t, err)

	var got received
	select {
	case got = <-srv.msgs:
	case <-time.After(5 * time.Second):
		t.Fatal("the SMTP server received nothing")
	}
	assert.Equal(t, "no-reply@example.com", got.from)
	assert.Equal(t, []string{"alice@example.com", "bob@example.com"}, got.rcpt)

	m, err := mail.ReadMessage(strings.NewReader(got.data))
	require.NoError(t, err)
	assert.Equal(t, `"Saas" <no-reply@example.com>`, m.Header.Get("From"))
	assert.Contains(t, m.Header.Get("To"), "<alice@example.com>")
	assert.Equal(t, "Welcome to Saas", m.Header.Get("Subject"))
	assert.NotEmpty(t, m.Header.Get("Message-Id"))
	assert.NotEmpty(t, m.Header.Get("Date"))

	mediaType, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mediaType)
	parts := map[string]string{}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		body, err := io.ReadAll(p)
		require.NoError(t, err)
		parts[ct] = decodePart(t, p.Header.Get("Content-Transfer-Encoding"), string(body))
	}
	assert.Equal(t, "Hello Alice, plain text.", strings.TrimSpace(parts["text/plain"]))
	assert.Equal(t, "<p>Hello <b>Alice</b></p>", strings.TrimSpace(parts["text/html"]))
}

// decodePart undoes the quoted-printable encoding go-mail uses by default.
func decodePart(t *testing.T, encoding, body string) string {
	t.Helper()
	if !strings.EqualFold(encoding, "quoted-printable") {
		return body
	}
	b, err := io.ReadAll(quotedPrintable(body))
	require.NoError(t, err)
	return string(b)
}

func TestEmailMandatoryTLSRefusesPlainServer(t *testing.T) {
	srv := startSMTP(t)
	e, err := NewEmail(emailConfig(srv.port(), config.TLSMandatory))
	require.NoError(t, err)
	err = e.Send(context.Background(), notify.Message{To: []string{"alice@example.com"}, Subject: "s", Body: "b"})
	require.Error(t, err, "mandatory TLS must not fall back to plain text")
	assert.ErrorContains(t, err, "STARTTLS")
	select {
	case <-srv.msgs:
		t.Fatal("a message was sent without TLS")
	default:
	}
}

func TestEmailNeedsRecipient(t *testing.T) {
	e, err := NewEmail(emailConfig(25, config.TLSNone))
	require.NoError(t, err)
	assert.ErrorContains(t, e.Send(context.Background(), notify.Message{Subject: "s"}), "recipient")
}
