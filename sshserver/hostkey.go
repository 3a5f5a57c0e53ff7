package sshserver

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyFile is the host key's file name inside the data directory.
const HostKeyFile = "host_ed25519"

// LoadOrCreateHostKey reads the ed25519 host key at path, creating it (mode
// 0600) on first start so clients see the same fingerprint after restarts.
func LoadOrCreateHostKey(path string) (gossh.Signer, []byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		_, priv, gerr := ed25519.GenerateKey(rand.Reader)
		if gerr != nil {
			return nil, nil, gerr
		}
		block, merr := gossh.MarshalPrivateKey(priv, "xietong host key")
		if merr != nil {
			return nil, nil, merr
		}
		data = pem.EncodeToMemory(block)
		f, oerr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if oerr != nil {
			return nil, nil, fmt.Errorf("create host key: %w", oerr)
		}
		if _, werr := f.Write(data); werr != nil {
			f.Close()
			return nil, nil, fmt.Errorf("write host key: %w", werr)
		}
		if cerr := f.Close(); cerr != nil {
			return nil, nil, cerr
		}
	} else if err != nil {
		return nil, nil, fmt.Errorf("read host key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, nil, fmt.Errorf("host key %s: %w", path, err)
	}
	return signer, data, nil
}
