namespace UnityVideo.Tests.Cli;

/// <summary>config validate checks the curriculum as train resolves it.</summary>
public sealed class ConfigValidateCurriculumTests
{
    [Fact]
    public void A_stage_naming_an_unknown_modality_fails_config_validate_with_its_key_and_file()
    {
        using var dir = new TempDir();
        var path = dir.File("exp.json");
        File.WriteAllText(path, """
            { "Training": { "Stages": [ { "Name": "one", "Steps": 5, "Modalities": [ "depth", "normalz" ] }, { "Name": "two", "Modalities": [ "all" ] } ] } }
            """);

        var r = CliRunner.Run("config", "validate", "--config", path);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Training:Stages:0:Modalities: Curriculum stage 'one' names modality 'normalz', which is not enabled", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"(set in {path})", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_weight_or_balance_for_a_modality_no_plugin_provides_fails_but_one_for_a_disabled_modality_does_not()
    {
        var typo = CliRunner.Run("config", "validate", "--set", "Training:ModalityWeights:telepathy=2");

        Assert.Equal(1, typo.ExitCode);
        Assert.Contains("Training:ModalityWeights:telepathy: no loaded plugin provides modality 'telepathy'", typo.Stderr, StringComparison.Ordinal);
        Assert.Contains("(set in command line)", typo.Stderr, StringComparison.Ordinal);

        var disabled = CliRunner.Run("config", "validate", "--set", "Modalities:Enabled:0=depth", "--set", "Training:ModalityWeights:segmentation=2");
        Assert.Equal(0, disabled.ExitCode);

        var balance = CliRunner.Run("config", "validate", "--set", "Training:ForegroundBalanceByModality:skeletn=1");
        Assert.Equal(1, balance.ExitCode);
        Assert.Contains("Training:ForegroundBalanceByModality:skeletn: no loaded plugin provides modality 'skeletn'", balance.Stderr, StringComparison.Ordinal);
        var outOfRange = CliRunner.Run("config", "validate", "--set", "Training:ForegroundBalanceByModality:skeleton=3");
        Assert.Equal(1, outOfRange.ExitCode);
        Assert.Contains("Training:ForegroundBalanceByModality:skeleton: must be in [0, 1] (got 3)", outOfRange.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_loss_block_that_does_not_divide_the_frame_fails_config_validate_with_its_key()
    {
        var bad = CliRunner.Run("config", "validate", "--set", "Training:CoarseLossWeight=2", "--set", "Training:CoarseLossBlock=5");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Training:CoarseLossBlock: 5 does not divide the model's frame size 32×32", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("(set in command line)", bad.Stderr, StringComparison.Ordinal);

        // The block matters only while the term is on.
        Assert.Equal(0, CliRunner.Run("config", "validate", "--set", "Training:CoarseLossBlock=5").ExitCode);
        Assert.Equal(0, CliRunner.Run("config", "validate", "--set", "Training:CoarseLossWeight=2", "--set", "Training:CoarseLossBlock=8").ExitCode);
    }
}
