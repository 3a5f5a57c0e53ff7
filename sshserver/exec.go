package sshserver

import (
	"context"
	"errors"
	"io"
	"sync/atomic"
	"time"

	"charm.land/ssh"

	"xietong/cli"
	"xietong/i18n"
	"xietong/model"
)

// errIdleClosed is what an exec command's reads return once the session
// was closed for inactivity: an error, so that a command reading its input
// never takes the close for the end of that input (an import would
// otherwise write what it had read so far).
var errIdleClosed = errors.New("closed for inactivity")

// execIO is an exec session's input and output, each read and write
// counting as activity for the idle timeout.
type execIO struct {
	sess    ssh.Session
	idle    *idleWatch // nil: no idle timeout
	expired atomic.Bool
}

func (e *execIO) touch() {
	if e.idle != nil {
		e.idle.touch()
	}
}

func (e *execIO) Read(p []byte) (int, error) {
	n, err := e.sess.Read(p)
	if e.expired.Load() {
		return 0, errIdleClosed
	}
	if n > 0 {
		e.touch()
	}
	return n, err
}

func (e *execIO) Write(p []byte) (int, error) {
	n, err := e.sess.Write(p)
	if n > 0 {
		e.touch()
	}
	return n, err
}

// stderr is the session's error stream, counting as activity too.
type stderr struct{ e *execIO }

func (w stderr) Write(p []byte) (int, error) {
	n, err := w.e.sess.Stderr().Write(p)
	if n > 0 {
		w.e.touch()
	}
	return n, err
}

// runExec runs one exec command. Like a terminal session, it is closed after
// --idle-timeout without a byte read from or written to the client: a
// command waiting for input that never comes, or writing to a client that
// stopped reading, gives its place back.
func (s *Server) runExec(sess ssh.Session, u *model.User, lang string) {
	s.execs.Add(1)
	defer s.execs.Add(-1)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	eio := &execIO{sess: sess}
	if s.cfg.IdleTimeout > 0 {
		eio.idle = newIdleWatch(s.cfg.IdleTimeout, 0, nil, func() {
			eio.expired.Store(true)
			s.idled.Add(1)
			s.log.Info("command closed for inactivity", "user", u.Login, "remote", sess.RemoteAddr().String(),
				"command", sess.Command()[0], "timeout", s.cfg.IdleTimeout)
			cancel()
			// A client that stopped reading must not hold the close up.
			said := make(chan struct{})
			go func() {
				defer close(said)
				_, _ = io.WriteString(sess.Stderr(), "xietong: "+i18n.T(lang, "rel.exec_idle", s.cfg.IdleTimeout.String())+"\n")
			}()
			select {
			case <-said:
			case <-time.After(time.Second):
			}
			_ = sess.Exit(1)
			_ = sess.Close()
		})
		eio.idle.start()
		defer eio.idle.stop()
	}
	_, _, tty := sess.Pty()
	env := &cli.Env{Svc: s.svc, User: u, Lang: lang, Stdin: eio, Stdout: eio, Stderr: stderr{eio},
		Stats: s.Stats, Backup: s.cfg.Backup, Terminal: tty}
	code := cli.Run(ctx, env, sess.Command())
	if !eio.expired.Load() {
		_ = sess.Exit(code)
	}
}
