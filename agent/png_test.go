package agent_test

import (
	"bytes"
	"image"
	"image/png"
)

func pngBytes() []byte {
	img := image.NewGray(image.Rect(0, 0, 400, 300))
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}
