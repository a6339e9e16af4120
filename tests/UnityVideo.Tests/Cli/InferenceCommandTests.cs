using System.Text.Json;
using ImageMagick;
using UnityVideo.Core.Data;
using UnityVideo.Core.IO;
using UnityVideo.Tests.Inference;
using UnityVideo.Tests.Training;

namespace UnityVideo.Tests.Cli;

public sealed class InferenceCommandTests(InferenceFixture fixture) : IClassFixture<InferenceFixture>
{
    [Fact]
    public void Estimate_writes_each_modality_in_stored_form_and_a_side_by_side_GIF()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("estimate", "--checkpoint", fixture.StepCheckpoint, "--input", fixture.Clip(0), "--modality", "depth,flow", "--out", dir.File("out"), "--steps", "2");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("step 3, ema weights", r.Stdout, StringComparison.Ordinal);
        var name = Path.GetFileNameWithoutExtension(fixture.Clip(0));
        using (var depth = SafetensorsReader.Open(dir.File($"out/{name}.depth.safetensors")))
            depth.Expect("depth", SafetensorsDType.F16, 4, 16, 16);
        using (var flow = SafetensorsReader.Open(dir.File($"out/{name}.flow.safetensors")))
            flow.Expect("flow", SafetensorsDType.F16, 4, 16, 16, 2);
        using var gif = new MagickImageCollection(dir.File($"out/{name}.depth.gif"));
        Assert.Equal(4, gif.Count);
        Assert.Equal(2u * 128 + 2, gif[0].Width); // input | estimate, each enlarged to 128 px, one separator
    }

    [Fact]
    public void Generate_writes_joint_samples_and_samples_from_a_control_clip()
    {
        using var dir = new TempDir();
        var joint = CliRunner.Run("generate", "--checkpoint", fixture.ModelPath, "--prompt", "a person walks left", "--modality", "depth", "--out", dir.Path, "--steps", "2", "--cfg", "2");
        Assert.True(joint.ExitCode == 0, joint.Stderr);
        using (var sample = SafetensorsReader.Open(dir.File("sample.safetensors")))
        {
            sample.Expect("rgb", SafetensorsDType.U8, 4, 16, 16, 3);
            sample.Expect("depth", SafetensorsDType.F16, 4, 16, 16);
            Assert.Equal("a person walks left", sample.Metadata["prompt"]);
        }
        using (var gif = new MagickImageCollection(dir.File("sample.gif"))) Assert.Equal(4, gif.Count);

        var controlled = CliRunner.Run("generate", "--checkpoint", fixture.ModelPath, "--prompt", "a box", "--control", fixture.Clip(1), "--modality", "flow", "--name", "ctl", "--out", dir.Path, "--steps", "2");
        Assert.True(controlled.ExitCode == 0, controlled.Stderr);
        using var written = SafetensorsReader.Open(dir.File("ctl.safetensors"));
        using var source = SafetensorsReader.Open(fixture.Clip(1));
        written.Expect("rgb", SafetensorsDType.U8, 4, 16, 16, 3);
        Assert.Equal(source.ReadBytes("flow"), written.ReadBytes("flow")); // the control comes back unchanged beside the RGB made from it
    }

    [Fact]
    public void Eval_writes_a_report_with_every_section_and_the_baselines()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run("eval", "--checkpoint", fixture.ModelPath, "--data", fixture.Data, "--out", dir.Path, "--clips", "1", "--steps", "1");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("eval clips: 1/1", r.Stderr, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("report.json")));
        var root = json.RootElement;
        foreach (var key in new[] { "checkpoint", "clips", "estimation", "control", "joint", "video", "baselines" })
            Assert.True(root.TryGetProperty(key, out _), key);
        Assert.Equal(["depth", "flow"], root.GetProperty("estimation").EnumerateObject().Select(p => p.Name));
        Assert.True(File.Exists(dir.File("report.md")));
        Assert.True(File.Exists(dir.File("panels/clip-000-joint.png")));
        var panel = VideoFiles.Ffprobe.Of(dir.File("panels/clip-000-joint.mp4")); // the animated panels also as H.264
        Assert.Equal(("h264", "yuv420p", 4), (panel.Codec, panel.PixelFormat, panel.Frames));
    }

    [Fact]
    public void Bad_inputs_exit_1_with_one_clear_error_and_write_nothing()
    {
        using var dir = new TempDir();
        var output = dir.File("out");
        void Fails(string expected, params string[] args)
        {
            var r = CliRunner.Run(args);
            Assert.True(r.ExitCode == 1, $"{string.Join(' ', args)} → {r.ExitCode}: {r.Stderr}");
            Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
            Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
            Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), $"{string.Join(' ', args)} wrote into {output}");
        }

        Fails("checkpoint '" + dir.File("none.safetensors") + "' does not exist",
            "estimate", "--checkpoint", dir.File("none.safetensors"), "--input", fixture.Clip(0), "--modality", "depth", "--out", output);

        File.WriteAllText(dir.File("corrupt.safetensors"), "not a checkpoint at all");
        Fails("corrupt.safetensors", "estimate", "--checkpoint", dir.File("corrupt.safetensors"), "--input", fixture.Clip(0), "--modality", "depth", "--out", output);

        Fails("modality 'skeleton' is not in checkpoint", "estimate", "--checkpoint", fixture.ModelPath, "--input", fixture.Clip(0), "--modality", "depth,skeleton", "--out", output);

        var big = ClipDataset.Open(TrainingTestKit.Dataset(dir.File("big"), clips: 1, size: 32));
        Fails("has 4 frames of 32x32, but the model works on 4 frames of 16x16",
            "estimate", "--checkpoint", fixture.ModelPath, "--input", big.PathOf(0), "--modality", "depth", "--out", output);

        var rgbOnly = dir.File("rgb-only.safetensors");
        new SafetensorsWriter().Add("rgb", SafetensorsDType.U8, [4, 16, 16, 3], new byte[4 * 16 * 16 * 3]).Save(rgbOnly);
        Fails("has no tensor 'depth' (modality 'depth'); it holds: rgb",
            "generate", "--checkpoint", fixture.ModelPath, "--prompt", "x", "--control", rgbOnly, "--modality", "depth", "--out", output);

        Fails("'tpu' is not a device", "estimate", "--checkpoint", fixture.ModelPath, "--input", fixture.Clip(0), "--modality", "depth", "--out", output, "--device", "tpu");
        Fails("'tpu' is not a device", "generate", "--checkpoint", fixture.ModelPath, "--prompt", "x", "--out", output, "--device", "tpu");
        Fails("'tpu' is not a device", "eval", "--checkpoint", fixture.ModelPath, "--data", fixture.Data, "--out", output, "--device", "tpu");
        Fails("--panels must be ≥ 0 (got -1)", "eval", "--checkpoint", fixture.ModelPath, "--data", fixture.Data, "--out", output, "--panels", "-1");

        Directory.CreateDirectory(output);
        var name = Path.GetFileNameWithoutExtension(fixture.Clip(0));
        File.WriteAllText(Path.Combine(output, $"{name}.depth.gif"), "mine");
        var refused = CliRunner.Run("estimate", "--checkpoint", fixture.ModelPath, "--input", fixture.Clip(0), "--modality", "depth", "--out", output);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("exists", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, $"{name}.depth.gif")));
        Assert.False(File.Exists(Path.Combine(output, $"{name}.depth.safetensors")));
    }
}
