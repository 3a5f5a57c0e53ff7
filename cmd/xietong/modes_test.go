package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"xietong/sshserver"
)

// serveOnce runs `xietong serve` in this process as main does, on the test
// clock and a free port; a server that does start stops at once.
func serveOnce(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	stop := make(chan struct{})
	close(stop)
	var out, errb bytes.Buffer
	code = runAt(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), nil, &out, &errb, stop, testNow())
	return code, out.String(), errb.String()
}

// mode is the permission bits of path.
func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// The server refuses to start on a data directory group or other users may
// write to, or with a host key they may read or change: one line naming
// the file, its mode and the chmod that fixes it, in the server's
// language, before anything in the directory is opened or created. Once
// fixed as told, it starts.
func TestServeRefusesUnsafeModes(t *testing.T) {
	for _, perm := range []os.FileMode{0o777, 0o770, 0o702} {
		dir := filepath.Join(t.TempDir(), "data dir")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, perm); err != nil {
			t.Fatal(err)
		}
		code, out, errs := serveOnce(t, "--data", dir, "--lang", "en")
		want := "xietong: not starting: data directory " + dir + " has mode " + modeText(perm) +
			", so group or other users can write in it and replace the data file or the host key; fix it with: chmod 700 '" + dir + "'\n"
		if code != 1 || out != "" || errs != want {
			t.Fatalf("mode %o: exit %d, stdout %q, stderr %q\nwant %q", perm, code, out, errs, want)
		}
		if names := dirNames(t, dir); len(names) != 0 {
			t.Fatalf("mode %o: a refused start left %v", perm, names)
		}
		code, _, errs = serveOnce(t, "--data", dir, "--lang", "zh")
		if code != 1 || errs != "xietong: 未启动：数据目录 "+dir+" 的权限为 "+modeText(perm)+"，同组或其他用户可以在其中写入、替换数据文件和主机密钥；请执行：chmod 700 '"+dir+"'\n" {
			t.Fatalf("mode %o, zh: exit %d, stderr %q", perm, code, errs)
		}
		if err := os.Chmod(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if code, out, errs := serveOnce(t, "--data", dir); code != 0 || !strings.Contains(out, "xietong stopped") {
			t.Fatalf("after chmod 700: exit %d: %s %s", code, out, errs)
		}
	}

	// A directory others may only read and enter is fine (mkdir's usual
	// 0755); its host key must be the owner's alone.
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := serveOnce(t, "--data", dir); code != 0 {
		t.Fatalf("0755 directory: exit %d: %s %s", code, out, errs)
	}
	key := filepath.Join(dir, sshserver.HostKeyFile)
	before, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	for _, perm := range []os.FileMode{0o644, 0o640, 0o604, 0o620} {
		if err := os.Chmod(key, perm); err != nil {
			t.Fatal(err)
		}
		code, out, errs := serveOnce(t, "--data", dir, "--lang", "en")
		want := "xietong: not starting: host key " + key + " has mode " + modeText(perm) +
			", so group or other users can read or change it and pose as this server; fix it with: chmod 600 " + key + "\n"
		if code != 1 || out != "" || errs != want {
			t.Fatalf("key mode %o: exit %d, stdout %q, stderr %q\nwant %q", perm, code, out, errs, want)
		}
	}
	code, _, errs := serveOnce(t, "--data", dir, "--lang", "zh")
	if code != 1 || errs != "xietong: 未启动：主机密钥 "+key+" 的权限为 0620，同组或其他用户可以读取或改动它、冒充本服务器；请执行：chmod 600 "+key+"\n" {
		t.Fatalf("key, zh: exit %d, stderr %q", code, errs)
	}
	if err := os.Chmod(key, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := serveOnce(t, "--data", dir); code != 0 {
		t.Fatalf("after chmod 600: exit %d: %s %s", code, out, errs)
	}
	if after, err := os.ReadFile(key); err != nil || !bytes.Equal(after, before) {
		t.Fatalf("the host key changed (%v)", err)
	}
}

// The same refusal from the program itself, as an administrator starts it:
// exit status 1 and the one line on stderr.
func TestServeRefusesUnsafeModesProcess(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "XIETONG_E2E_ARGS="+strings.Join([]string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--lang", "en"}, "\x1f"))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || out.Len() != 0 || strings.Count(errb.String(), "\n") != 1 ||
		!strings.HasSuffix(errb.String(), "; fix it with: chmod 700 "+dir+"\n") {
		t.Fatalf("%v: stdout %q, stderr %q", err, out.String(), errb.String())
	}
	t.Logf("%s", strings.TrimSpace(errb.String()))
}

// A data directory the server makes itself is its owner's alone: the
// directory (and any parent it makes) 0700, the data file and the host key
// 0600.
func TestServeCreatesSafeModes(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "srv")
	dir := filepath.Join(parent, "data")
	if code, out, errs := serveOnce(t, "--data", dir); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errs)
	}
	for path, want := range map[string]os.FileMode{
		parent: 0o700, dir: 0o700, filepath.Join(dir, dbFile): 0o600, filepath.Join(dir, sshserver.HostKeyFile): 0o600,
	} {
		if got := mode(t, path); got != want {
			t.Errorf("%s: mode %04o, want %04o", path, got, want)
		}
	}
	// And it starts again on what it made.
	if code, out, errs := serveOnce(t, "--data", dir); code != 0 {
		t.Fatalf("second start: exit %d: %s %s", code, out, errs)
	}
}
