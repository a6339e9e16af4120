using UnityVideo.Core.IO;
using System.Text.Json;
using ImageMagick;
using UnityVideo.Core.Data;
using UnityVideo.Core.Diffusion;
using UnityVideo.Core.Evaluation;
using UnityVideo.Core.Inference;
using UnityVideo.Tests.Training;
using static TorchSharp.torch;

namespace UnityVideo.Tests.Inference;

public sealed class BenchmarkTests(InferenceFixture fixture) : IClassFixture<InferenceFixture>, IDisposable
{
    private readonly Lazy<InferenceModel> model = new(() => InferenceModel.Load(fixture.ModelPath, fixture.Plugins));

    private BenchmarkReport Run(string outDir, bool force = false) =>
        Benchmark.Run(Model.Value, ClipDataset.Open(fixture.Data), fixture.Plugins, new BenchmarkOptions
        {
            OutputDirectory = outDir, Clips = 2, Sampler = new SamplerOptions { Steps = 1 }, PanelClips = 1, Force = force,
        });

    private Lazy<InferenceModel> Model => model;

    public void Dispose()
    {
        if (model.IsValueCreated) model.Value.Dispose();
    }

    [Fact]
    public void The_report_follows_the_schema_with_every_section_and_panels_of_the_first_clip()
    {
        using var dir = new TempDir();
        var report = Run(dir.Path);

        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("report.json")));
        var root = json.RootElement;
        Assert.Equal(fixture.ModelPath, root.GetProperty("checkpoint").GetString());
        Assert.Equal(2, root.GetProperty("clips").GetInt32());
        foreach (var section in new[] { "estimation", "control", "joint" })
        {
            Assert.True(root.GetProperty(section).GetProperty("depth").GetProperty("abs_rel").GetDouble() >= 0);
            Assert.True(root.GetProperty(section).GetProperty("flow").GetProperty("epe").GetDouble() >= 0);
        }
        foreach (var source in new[] { "data", "control", "joint" })
        {
            var flicker = root.GetProperty("video").GetProperty(source).GetProperty("flicker").GetDouble();
            Assert.InRange(flicker, 0, 1);
        }
        // Generated video carries its layout error against its own clip and the next one; the data's own video does not.
        foreach (var source in new[] { "control", "joint" })
            foreach (var statistic in new[] { "layout_error", "layout_error_other_clip" })
                Assert.True(root.GetProperty("video").GetProperty(source).GetProperty(statistic).GetDouble() > 0, $"{source} {statistic}");
        Assert.False(root.GetProperty("video").GetProperty("data").TryGetProperty("layout_error", out _));
        // Motion needs OpenCV; without it the report says why instead of failing.
        Assert.True(root.GetProperty("video").GetProperty("data").TryGetProperty("motion", out _) || report.VideoNotes.ContainsKey("motion"));
        Assert.True(root.GetProperty("baselines").GetProperty("depth").GetProperty("constant").TryGetProperty("delta1", out _));
        Assert.True(root.GetProperty("baselines").GetProperty("flow").GetProperty("zero").TryGetProperty("px3", out _));

        var md = File.ReadAllText(dir.File("report.md"));
        Assert.Contains("| depth | constant | abs_rel |", md, StringComparison.Ordinal);
        Assert.Contains("## Control fidelity", md, StringComparison.Ordinal);

        Assert.Equal(9, report.Panels.Count); // estimation, control, joint for clip 0: GIF + PNG + MP4 each
        Assert.Equal(4, VideoFiles.Ffprobe.Of(dir.File("panels/clip-000-control.mp4")).Frames);
        using var gif = new MagickImageCollection(dir.File("panels/clip-000-estimation.gif"));
        Assert.Equal(4, gif.Count);
        Assert.False(File.Exists(dir.File("panels/clip-001-estimation.gif")));
    }

    [Fact]
    public void The_baselines_are_a_constant_depth_and_zero_flow_scored_as_documented()
    {
        using var dir = new TempDir();
        var report = Run(dir.Path);

        // By hand over the same two clips: zero flow's EPE is the mean GT flow length; a constant depth after the
        // scale-and-shift fit in disparity predicts 1 / (mean GT disparity) everywhere.
        double epe = 0, absRel = 0;
        for (var i = 0; i < 2; i++)
        {
            using var clip = ClipFile.Read(fixture.Clip(i));
            var flow = clip.Get("flow")!.to(float64).data<double>().ToArray();
            double sum = 0;
            for (var p = 0; p < flow.Length; p += 2) sum += Math.Sqrt(flow[p] * flow[p] + flow[p + 1] * flow[p + 1]);
            epe += sum / (flow.Length / 2) / 2;

            var depth = clip.Get("depth")!.to(float64).data<double>().ToArray();
            var valid = depth.Where(d => double.IsFinite(d) && d > 0).ToArray();
            var predicted = 1 / valid.Average(d => 1 / d);
            var perFrame = depth.Length / clip.Frames;
            double frames = 0, clipRel = 0;
            for (var f = 0; f < clip.Frames; f++)
            {
                var px = depth.Skip(f * perFrame).Take(perFrame).Where(d => double.IsFinite(d) && d > 0).ToArray();
                if (px.Length == 0) continue;
                clipRel += px.Average(d => Math.Abs(predicted - d) / d);
                frames++;
            }
            absRel += clipRel / frames / 2;
        }
        Assert.Equal(epe, report.Baselines["flow"]["zero"]["epe"], 3);
        Assert.Equal(absRel, report.Baselines["depth"]["constant"]["abs_rel"], 3);
    }

    [Fact]
    public void The_other_clip_row_is_the_models_estimate_from_the_next_clips_rgb_and_farneback_is_scored_on_the_clips_own_frames()
    {
        using var dir = new TempDir();
        var report = Run(dir.Path);

        // By hand: clip i's ground truth against the estimate from clip (i + 1) mod 2's frames, same seed as clip i.
        var sampler = new SamplerOptions { Steps = 1 };
        double otherEpe = 0, otherAbsRel = 0, farneback = 0;
        var farnebackRan = false;
        for (var i = 0; i < 2; i++)
        {
            using var clip = ClipFile.Read(fixture.Clip(i));
            using var next = ClipFile.Read(fixture.Clip((i + 1) % 2));
            var context = UnityVideo.Core.Data.ClipPreview.ContextOf(clip);
            var flow = Model.Value.Estimate(next.Rgb, "flow", sampler, i, context);
            otherEpe += fixture.Plugins.MetricsFor("flow").First().Score(flow, clip.Get("flow")!, new Dictionary<string, string>())["epe"] / 2;
            var depth = Model.Value.Estimate(next.Rgb, "depth", sampler, i, context);
            otherAbsRel += fixture.Plugins.MetricsFor("depth").First().Score(depth, clip.Get("depth")!, new Dictionary<string, string>())["abs_rel"] / 2;
            try
            {
                var classical = fixture.Plugins.AnnotatorsFor("flow").First(a => a.Name == Benchmark.MotionAnnotator)
                    .Annotate(new UnityVideo.Abstractions.AnnotationInput { Rgb = clip.Rgb, Context = context });
                farneback += fixture.Plugins.MetricsFor("flow").First().Score(classical, clip.Get("flow")!, new Dictionary<string, string>())["epe"] / 2;
                farnebackRan = true;
            }
            catch (DllNotFoundException)
            {
                // No OpenCV here: the report leaves the row out and says why in its notes.
            }
        }
        Assert.Equal(otherEpe, report.Baselines["flow"][Benchmark.OtherClipBaseline]["epe"], 4);
        Assert.Equal(otherAbsRel, report.Baselines["depth"][Benchmark.OtherClipBaseline]["abs_rel"], 4);
        if (farnebackRan) Assert.Equal(farneback, report.Baselines["flow"][Benchmark.MotionAnnotator]["epe"], 4);
        else Assert.False(report.Baselines["flow"].ContainsKey(Benchmark.MotionAnnotator));
        // Every evaluated modality gets the other-clip row, not only depth and flow.
        Assert.All(report.Estimation.Keys, m => Assert.True(report.Baselines[m].ContainsKey(Benchmark.OtherClipBaseline), m));
        Assert.Contains("| flow | other-clip | epe |", File.ReadAllText(dir.File("report.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_report_is_kept_unless_forced_and_clips_of_another_size_are_refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("report.json"), "old");
        var e = Assert.Throws<OutputExistsException>(() => Run(dir.Path));
        Assert.Equal(dir.File("report.json"), e.Path);
        Assert.DoesNotContain("--force", e.Message, StringComparison.Ordinal);   // Core names no command-line flag
        Assert.Equal("old", File.ReadAllText(dir.File("report.json")));

        var big = TrainingTestKit.Dataset(dir.File("big"), clips: 1, size: 32);
        var size = Assert.Throws<InferenceException>(() => Benchmark.Run(Model.Value, ClipDataset.Open(big), fixture.Plugins,
            new BenchmarkOptions { OutputDirectory = dir.File("out") }));
        Assert.Contains("32x32", size.Message, StringComparison.Ordinal);
        Assert.Contains(".safetensors", size.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }
}
