// Package s3store keeps uploaded materials as objects in an S3 bucket (AWS
// S3, MinIO, Ceph, Alibaba OSS or Tencent COS in S3 mode).
package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/beianhq/beian"
)

// Config says where the bucket is.
type Config struct {
	Endpoint  string // host:port, without scheme
	Bucket    string
	AccessKey string
	SecretKey string
	Region    string // may be empty for servers that ignore it
	TLS       bool   // https
	Prefix    string // put before every key, e.g. "materials/"
	// MaxRetries bounds the client's retries of a failed request; 0 keeps
	// its default (10, with backoff).
	MaxRetries int
}

// MaxUnsizedPut is the most a Put of unknown size reads: such content is
// buffered so that it goes up in one signed PUT (materials are a few MB).
const MaxUnsizedPut = 64 << 20

// Store is a beian.MaterialStore on S3. An S3 PUT is atomic: an object
// appears whole or not at all, so a failed Put leaves nothing behind.
type Store struct {
	client *minio.Client
	bucket string
	prefix string
}

var _ beian.MaterialStore = (*Store)(nil)

// New connects to the bucket of cfg and checks that it exists.
func New(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, errors.New("s3store: endpoint and bucket are required")
	}
	if strings.Contains(cfg.Endpoint, "://") {
		return nil, fmt.Errorf("s3store: endpoint %q: give host:port without scheme (TLS is a separate setting)", cfg.Endpoint)
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:      credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure:     cfg.TLS,
		Region:     cfg.Region,
		MaxRetries: cfg.MaxRetries,
	})
	if err != nil {
		return nil, fmt.Errorf("s3store: %w", err)
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3store: bucket %s: %w", cfg.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("s3store: bucket %s does not exist", cfg.Bucket)
	}
	return &Store{client: c, bucket: cfg.Bucket, prefix: cfg.Prefix}, nil
}

func (s *Store) name(key string) (string, error) {
	if err := beian.CheckMaterialKey(key); err != nil {
		return "", err
	}
	return s.prefix + key, nil
}

// Put uploads r as the object of key in one PUT. size < 0 means unknown:
// up to MaxUnsizedPut bytes are read first.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64, contentType string) error {
	name, err := s.name(key)
	if err != nil {
		return err
	}
	if size < 0 {
		b, err := io.ReadAll(io.LimitReader(r, MaxUnsizedPut+1))
		if err != nil {
			return fmt.Errorf("s3store: put %s: %w", key, err)
		}
		if len(b) > MaxUnsizedPut {
			return fmt.Errorf("s3store: put %s: more than %d bytes", key, MaxUnsizedPut)
		}
		r, size = bytes.NewReader(b), int64(len(b))
	}
	info, err := s.client.PutObject(ctx, s.bucket, name, r, size, minio.PutObjectOptions{ContentType: contentType})
	if err != nil {
		return fmt.Errorf("s3store: put %s: %w", key, err)
	}
	if size >= 0 && info.Size != size {
		// Cannot happen with a conforming server; never keep a short object.
		s.client.RemoveObject(context.WithoutCancel(ctx), s.bucket, name, minio.RemoveObjectOptions{})
		return fmt.Errorf("s3store: put %s: stored %d bytes, want %d", key, info.Size, size)
	}
	return nil
}

// Get opens the object of key.
func (s *Store) Get(ctx context.Context, key string) (io.ReadCloser, error) {
	name, err := s.name(key)
	if err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, name, minio.GetObjectOptions{})
	if err == nil {
		// GetObject is lazy: Stat makes the request and reports a missing key.
		_, err = obj.Stat()
	}
	if err != nil {
		if obj != nil {
			obj.Close()
		}
		if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
			return nil, beian.Errorf(beian.ENOTFOUND, "材料不存在")
		}
		return nil, fmt.Errorf("s3store: get %s: %w", key, err)
	}
	return obj, nil
}

// Delete removes the object of key; a missing key is not an error.
func (s *Store) Delete(ctx context.Context, key string) error {
	name, err := s.name(key)
	if err != nil {
		return err
	}
	if err := s.client.RemoveObject(ctx, s.bucket, name, minio.RemoveObjectOptions{}); err != nil {
		return fmt.Errorf("s3store: delete %s: %w", key, err)
	}
	return nil
}
