using UnityVideo.Core.Inference;

namespace UnityVideo.Tests.Cli;

/// <summary>estimate, generate and eval overwrite only their own outputs, and never an input.</summary>
public sealed class InferenceOutputGuardTests
{
    [Fact]
    public void Eval_force_never_overwrites_a_report_md_it_did_not_write()
    {
        using var dir = new TempDir();
        var data = Directory.CreateDirectory(dir.File("data")).FullName;
        var outDir = Directory.CreateDirectory(dir.File("out")).FullName;
        File.WriteAllText(Path.Combine(outDir, "report.md"), "my own report");

        var r = CliRunner.Run("eval", "--checkpoint", dir.File("model.safetensors"), "--data", data, "--out", outDir, "--force");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("is not part of a report this project wrote", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--force", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("my own report", File.ReadAllText(Path.Combine(outDir, "report.md")));
    }

    [Fact]
    public void An_output_that_is_also_an_input_is_refused_even_with_force()
    {
        using var dir = new TempDir();
        var control = dir.File("walk.safetensors");
        File.WriteAllText(control, "clip");

        var e = Assert.Throws<InferenceException>(() => InferenceFiles.RefuseExisting(InferenceFiles.GenerateTargets(dir.Path, "walk"), force: true, [control]));

        Assert.Contains("also an input", e.Message, StringComparison.Ordinal);
        InferenceFiles.RefuseExisting(InferenceFiles.GenerateTargets(dir.Path, "other"), force: false, [control]);
    }

    [Fact]
    public void Generate_with_its_control_file_as_output_is_refused_and_the_control_kept()
    {
        using var dir = new TempDir();
        var control = dir.File("walk.safetensors");
        File.WriteAllText(control, "clip");

        var r = CliRunner.Run("generate", "--checkpoint", dir.File("model.safetensors"), "--prompt", "a walk", "--out", dir.Path, "--name", "walk",
            "--control", control, "--force");

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("also an input", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("clip", File.ReadAllText(control));
    }
}
