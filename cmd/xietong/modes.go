package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"xietong/model"
	"xietong/sshserver"
)

// checkModes refuses a data directory that others may write to and a host
// key others may read or change, before the server opens either: whoever
// can write in the directory can replace the data file or the host key,
// and whoever can read the key can pose as this server to every client.
// The refusal names the file, its mode and the chmod that fixes it. What
// does not exist yet passes: the server creates it itself, the directory
// 0700 and the key 0600.
//
// Windows has no such mode bits; its files are left to their ACLs.
func checkModes(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("data directory: %w", err)
	}
	if fi.IsDir() && fi.Mode().Perm()&0o022 != 0 {
		return model.Errorf(model.EINVALID, "serve.dir_mode", dir, modeText(fi.Mode()), "chmod 700 "+shellQuote(dir))
	}
	key := filepath.Join(dir, sshserver.HostKeyFile)
	fi, err = os.Stat(key)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return model.Errorf(model.EINVALID, "serve.key_mode", key, modeText(fi.Mode()), "chmod 600 "+shellQuote(key))
	}
	return nil
}

// modeText is a file's permission bits as chmod takes them, e.g. 0755.
func modeText(m fs.FileMode) string { return fmt.Sprintf("%04o", m.Perm()) }

// shellQuote quotes s for a POSIX shell when it holds anything but the
// characters a path usually has, so the printed command can be pasted.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+:@,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
