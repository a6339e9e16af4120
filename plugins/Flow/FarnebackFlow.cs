using System.Runtime.InteropServices;
using OpenCvSharp;

namespace UnityVideo.Plugins.Flow;

/// <summary>
/// The OpenCV calls of <see cref="FarnebackAnnotator"/>, kept in their own type so that nothing touches OpenCV's
/// native library until an annotation is actually requested.
/// </summary>
internal static class FarnebackFlow
{
    /// <summary>Forward flow between consecutive grey frames: <c>T − 1</c> fields of <c>H·W·2</c> floats (dx, dy).</summary>
    public static float[] Compute(byte[] grey, int frames, int height, int width, FarnebackAnnotator p)
    {
        var plane = height * width;
        var flow = new float[(frames - 1) * plane * 2];
        var mats = new Mat[frames];
        try
        {
            for (var t = 0; t < frames; t++)
            {
                mats[t] = new Mat(height, width, MatType.CV_8UC1);
                Marshal.Copy(grey, t * plane, mats[t].Data, plane);
            }
            using var field = new Mat();
            for (var t = 0; t + 1 < frames; t++)
            {
                Cv2.CalcOpticalFlowFarneback(mats[t], mats[t + 1], field, p.PyramidScale, p.Levels, p.WindowSize, p.Iterations,
                    p.PolyN, p.PolySigma, OpticalFlowFlags.FarnebackGaussian);
                // A fresh output Mat is always continuous; [H, W] of (dx, dy) float32.
                if (!field.IsContinuous() || field.Type() != MatType.CV_32FC2) throw new InvalidOperationException($"OpenCV returned an unexpected flow matrix ({field.Type()}).");
                Marshal.Copy(field.Data, flow, t * plane * 2, plane * 2);
            }
        }
        finally
        {
            foreach (var m in mats) m?.Dispose();
        }
        return flow;
    }
}
