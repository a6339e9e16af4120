namespace UnityVideo.Tests.Cli;

/// <summary>A key given twice takes its last value, and a malformed option value is one clear error line.</summary>
public sealed class RepeatedKeyTests
{
    [Fact]
    public void The_last_set_of_a_key_wins()
    {
        var r = CliRunner.Run("config", "show", "--set", "Training:Steps=10", "--set", "Training:Steps=20");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("\"steps\": 20,", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_and_set_Training_Steps_apply_in_command_line_order()
    {
        using var dir = new TempDir();
        string[] common = ["train", "--data", dir.File("no-data"), "--out", dir.File("run")];

        // The option given last wins: a bad value given first is overridden, a bad value given last is reported.
        var goodLast = CliRunner.Run([.. common, "--set", "Training:Steps=0", "--steps", "5"]);
        var badLast = CliRunner.Run([.. common, "--steps", "5", "--set", "Training:Steps=0"]);

        Assert.Equal(1, goodLast.ExitCode);
        Assert.DoesNotContain("Training:Steps", goodLast.Stderr, StringComparison.Ordinal); // it fails later, on the missing dataset
        Assert.Equal(1, badLast.ExitCode);
        Assert.Contains("Training:Steps: must be greater than 0", badLast.Stderr, StringComparison.Ordinal);
        foreach (var r in new[] { goodLast, badLast }) Assert.DoesNotContain("duplicate", r.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("--steps", "abc", "error: --steps: 'abc' is not a whole number.")]
    [InlineData("--seed", "1.5", "error: --seed: '1.5' is not a whole number.")]
    public void A_malformed_number_is_one_error_line_naming_the_option(string option, string value, string expected)
    {
        using var dir = new TempDir();

        var r = CliRunner.Run("train", "--out", dir.File("run"), option, value);

        Assert.Equal(1, r.ExitCode);
        Assert.Equal(expected, r.Stderr.Trim());
        Assert.DoesNotContain("System.", r.Stdout + r.Stderr, StringComparison.Ordinal);
    }
}
