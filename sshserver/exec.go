package sshserver

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"

	"xietong/cli"
	"xietong/i18n"
	"xietong/model"
)

// DefaultExecInputTimeout is how long an exec command may wait for input
// that does not come. A script pipes its input at once; a command left
// waiting on stdin holds one of its account's exec places.
const DefaultExecInputTimeout = 2 * time.Minute

// errStopped is what an exec command's reads return once the session was
// stopped for inactivity or for input that did not come: an error, so that
// a command reading its input never takes the stop for the end of that
// input (an import would otherwise write what it had read so far).
var errStopped = errors.New("stopped: no input")

// execIO is an exec session's input and output. Each byte read or written
// counts as activity for the idle timeout; the input deadline counts only
// while the command waits in a read, and each byte read restarts it.
type execIO struct {
	sess    ssh.Session
	idle    *idleWatch // nil: no idle timeout
	input   *idleWatch // nil: no input deadline
	reading atomic.Int32
	stopped atomic.Bool
}

func (e *execIO) touch() {
	if e.idle != nil {
		e.idle.touch()
	}
}

func (e *execIO) Read(p []byte) (int, error) {
	if e.input != nil {
		e.input.touch() // the wait starts now
	}
	e.reading.Add(1)
	n, err := e.sess.Read(p)
	e.reading.Add(-1)
	if e.stopped.Load() {
		return 0, errStopped
	}
	if n > 0 {
		e.touch()
		if e.input != nil {
			e.input.touch()
		}
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

// runExec runs one exec command. Like a terminal session, it is stopped
// after --idle-timeout without a byte read from or written to the client
// (a client that stopped reading gives its place back too), and after
// --exec-input-timeout waiting for input that does not come.
func (s *Server) runExec(sess ssh.Session, u *model.User, lang string) {
	s.execs.Add(1)
	defer s.execs.Add(-1)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	eio := &execIO{sess: sess}
	var once sync.Once
	stop := func(why string, limit time.Duration) {
		once.Do(func() {
			eio.stopped.Store(true)
			s.idled.Add(1)
			s.log.Info("command stopped", "user", u.Login, "remote", sess.RemoteAddr().String(),
				"command", sess.Command()[0], "reason", why, "after", limit)
			cancel()
			// A client that stopped reading must not hold the close up.
			said := make(chan struct{})
			go func() {
				defer close(said)
				_, _ = io.WriteString(sess.Stderr(), "xietong: "+i18n.T(lang, why, limit.String())+"\n")
			}()
			select {
			case <-said:
			case <-time.After(time.Second):
			}
			_ = sess.Exit(1)
			_ = sess.Close()
		})
	}
	if s.cfg.IdleTimeout > 0 {
		eio.idle = newIdleWatch(s.cfg.IdleTimeout, 0, nil, func() { stop("rel.exec_idle", s.cfg.IdleTimeout) })
		eio.idle.start()
		defer eio.idle.stop()
	}
	if s.cfg.ExecInputTimeout > 0 {
		eio.input = newIdleWatch(s.cfg.ExecInputTimeout, 0, nil, func() { stop("rel.exec_input", s.cfg.ExecInputTimeout) })
		eio.input.paused = func() bool { return eio.reading.Load() == 0 }
		eio.input.start()
		defer eio.input.stop()
	}
	_, _, tty := sess.Pty()
	env := &cli.Env{Svc: s.svc, User: u, Lang: lang, Stdin: eio, Stdout: eio, Stderr: stderr{eio},
		Stats: s.Stats, Backup: s.cfg.Backup, Terminal: tty, Log: s.log}
	code := cli.Run(ctx, env, sess.Command())
	if !eio.stopped.Load() {
		_ = sess.Exit(code)
	}
}
