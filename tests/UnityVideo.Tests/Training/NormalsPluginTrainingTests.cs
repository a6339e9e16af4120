using System.Numerics;
using Xunit.Abstractions;
using TorchSharp;
using UnityVideo.Abstractions;
using UnityVideo.Core.Data;
using UnityVideo.Host.Data;
using UnityVideo.Host.Plugins;
using UnityVideo.Synthetic;
using UnityVideo.Tests.Host;
using UnityVideo.Tests.Synthetic;

namespace UnityVideo.Tests.Training;

/// <summary>
/// Contract 2.0's promise: a modality the host and the dataset format know nothing about (the normals sample
/// plugin) gets synthetic training data from the world's named buffers and trains, with no change to Abstractions.
/// </summary>
public sealed class NormalsPluginTrainingTests(ITestOutputHelper output)
{
    private static readonly SyntheticOptions World = SyntheticOptions.Square(16, 4) with { Seed = 5 };

    [Fact]
    public void The_normals_plugin_is_synthesised_from_the_worlds_buffers_and_trained()
    {
        using var dir = new TempDir();
        var plugins = Directory.CreateDirectory(dir.File("plugins")).FullName;
        RepoPaths.CopyPlugin(RepoPaths.SamplePlugin("Normals"), plugins);
        var startup = HostFactory.Start(HostFactory.OnlyPlugins(plugins));
        Assert.Equal(["normals"], startup.Modalities.Names);

        // ------------------------------------------------------------ synthesise 2 clips with the plugin enabled
        var data = SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest
        {
            OutputDirectory = dir.File("data"), Count = 2, World = World,
            Annotations = SyntheticAnnotation.For(startup.Catalog, startup.Modalities),
        }).Directory;

        var world = new SyntheticWorld(World);
        var (compared, p95) = (0, 0.0);
        for (var i = 0; i < 2; i++)
        {
            using var sample = ClipFile.Read(Path.Combine(data, DatasetWriter.FileNameFor(i)));
            var normals = sample.Modalities["normals"];
            Assert.Equal(torch.ScalarType.Float16, normals.dtype);
            Assert.Equal([World.Frames, World.Height, World.Width, 3L], normals.shape);
            var stored = normals.to(torch.ScalarType.Float32).data<float>().ToArray();
            var errors = AngleToNormalsFromDepth(world.Render(i).GroundTruth, stored);
            compared += errors.Count;
            p95 = Math.Max(p95, Percentile(errors, 0.95));
        }
        output.WriteLine($"{compared} pixels in planar patches; 95th percentile angle to the normals from depth {p95:F3}°");
        // Where the depth buffer describes a plane around a pixel, its normal is the stored one (float16 rounding aside).
        Assert.True(compared >= 200, $"only {compared} pixels sit inside planar patches");
        Assert.True(p95 < 1.0, $"95th percentile angle between stored normals and normals from depth: {p95:F3}°");

        // ------------------------------------------------------------ train 3 steps on it
        var result = TrainingTestKit.Trainer(TrainingTestKit.Options(3), startup.Modalities)
            .Run(TrainingTestKit.Request(data, dir.File("run")));

        Assert.True(result.Completed);
        var metrics = File.ReadAllLines(result.MetricsPath).Select(l => System.Text.Json.JsonSerializer.Deserialize<UnityVideo.Core.Training.TrainingMetric>(l)!).ToList();
        Assert.Equal(3, metrics.Count);
        Assert.All(metrics, m => Assert.Equal("normals", m.Modality));
        Assert.All(metrics, m => Assert.True(double.IsFinite(m.Loss) && m.Loss > 0));
    }

    [Fact]
    public void A_plugin_that_needs_a_buffer_the_world_does_not_offer_is_refused_before_anything_is_written()
    {
        using var dir = new TempDir();
        var needsCurvature = new SyntheticAnnotation("Curvature", "/plugins/Curvature/Curvature.dll", new CurvatureAnnotator(), "curvature");

        var e = Assert.Throws<PluginLoadException>(() => SyntheticDatasetBuilder.Build(new SyntheticDatasetRequest
        {
            OutputDirectory = dir.File("data"), Count = 1, World = World, Annotations = [needsCurvature],
        }));

        Assert.Equal("/plugins/Curvature/Curvature.dll", e.Location);
        Assert.Contains("plugin 'Curvature': annotator 'synthetic-gt' of modality 'curvature' needs the ground-truth buffer 'curvature', which the synthetic world does not offer (it offers: depth, normals,", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("data")));
    }

    /// <summary>
    /// Angles (degrees) between the stored normals and the normals of the plane through each pixel's four
    /// neighbours, back-projected from the depth buffer with the intrinsics; only pixels whose neighbours are one
    /// instance and collinear in 3-D along both image axes (a planar patch, no crease or occlusion edge).
    /// </summary>
    private static List<double> AngleToNormalsFromDepth(SceneGroundTruth gt, float[] stored)
    {
        var (t, h, w) = (gt.Frames, gt.Height, gt.Width);
        var depth = gt.Depth;
        var ids = gt.InstanceIds;
        var k = gt.Intrinsics;
        Vector3 Point(int f, int y, int x)
        {
            var d = depth[(f * h + y) * w + x];
            return new Vector3((float)((x + 0.5 - k.Cx) / k.Fx) * d, (float)((y + 0.5 - k.Cy) / k.Fy) * d, d);
        }
        var errors = new List<double>();
        for (var f = 0; f < t; f++)
        {
            for (var y = 1; y < h - 1; y++)
            {
                for (var x = 1; x < w - 1; x++)
                {
                    int[] around = [(f * h + y) * w + x, (f * h + y) * w + x - 1, (f * h + y) * w + x + 1, (f * h + y - 1) * w + x, (f * h + y + 1) * w + x];
                    if (around.Any(p => !float.IsFinite(depth[p]) || ids[p] != ids[around[0]])) continue;
                    Vector3 c = Point(f, y, x), l = Point(f, y, x - 1), r = Point(f, y, x + 1), u = Point(f, y - 1, x), b = Point(f, y + 1, x);
                    if (!Collinear(l, c, r) || !Collinear(u, c, b)) continue;
                    var n = Vector3.Normalize(Vector3.Cross(r - l, b - u));
                    if (Vector3.Dot(n, c) > 0) n = -n; // facing the camera, as the buffer's normals do
                    var o = ((f * h + y) * w + x) * 3;
                    var s = Vector3.Normalize(new Vector3(stored[o], stored[o + 1], stored[o + 2]));
                    errors.Add(Math.Acos(Math.Clamp(Vector3.Dot(n, s), -1f, 1f)) * 180 / Math.PI);
                }
            }
        }
        return errors;
    }

    private static bool Collinear(Vector3 a, Vector3 b, Vector3 c)
    {
        var (ab, bc) = (b - a, c - b);
        return Vector3.Cross(ab, bc).Length() <= 1e-3f * ab.Length() * bc.Length();
    }

    private static double Percentile(List<double> values, double q)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
    }

    /// <summary>Stands for a plugin whose annotator reads a buffer the world does not have.</summary>
    private sealed class CurvatureAnnotator : IAnnotator
    {
        public string Name => "synthetic-gt";

        public string Modality => "curvature";

        public IReadOnlyList<string> RequiredBuffers { get; } = ["curvature"];

        public torch.Tensor Annotate(AnnotationInput input) => throw new InvalidOperationException("never called: the builder checks the buffers first");
    }
}
