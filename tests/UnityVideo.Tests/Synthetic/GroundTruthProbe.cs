using UnityVideo.Synthetic;

namespace UnityVideo.Tests.Synthetic;

/// <summary>Small measurements on rendered clips shared by the synthetic-world tests.</summary>
internal static class GroundTruthProbe
{
    /// <summary>
    /// Mean absolute RGB error (0..255) between frame t and frame t+1 warped back by the GT flow, over pixels
    /// whose flow target lands inside the frame on the same instance with all four bilinear neighbours on that
    /// instance (i.e. not occluded, not on a silhouette). Also returns the same error for a zero flow.
    /// </summary>
    public static (double Warped, double Identity, int Pixels) WarpError(SyntheticClip clip, int t)
    {
        var gt = clip.GroundTruth;
        int h = gt.Height, w = gt.Width;
        double warped = 0, identity = 0;
        var n = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = (t * h + y) * w + x;
                var sx = x + gt.Flow[p * 2];
                var sy = y + gt.Flow[p * 2 + 1];
                var x0 = (int)Math.Floor(sx);
                var y0 = (int)Math.Floor(sy);
                if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
                var id = gt.InstanceIds[p];
                var sameSurface = true;
                for (var dy = 0; dy <= 1; dy++)
                    for (var dx = 0; dx <= 1; dx++)
                        sameSurface &= gt.InstanceIds[((t + 1) * h + y0 + dy) * w + x0 + dx] == id;
                if (!sameSurface) continue;
                float fx = (float)(sx - x0), fy = (float)(sy - y0);
                for (var c = 0; c < 3; c++)
                {
                    double Px(int yy, int xx) => clip.Rgb[(((t + 1) * h + yy) * w + xx) * 3 + c];
                    var v = (1 - fy) * ((1 - fx) * Px(y0, x0) + fx * Px(y0, x0 + 1)) + fy * ((1 - fx) * Px(y0 + 1, x0) + fx * Px(y0 + 1, x0 + 1));
                    warped += Math.Abs(v - clip.Rgb[p * 3 + c]);
                    identity += Math.Abs(Px(y, x) - clip.Rgb[p * 3 + c]);
                }
                n++;
            }
        }
        return (warped / Math.Max(1, n * 3), identity / Math.Max(1, n * 3), n);
    }
}
