using FluentValidation;
using UnityVideo.Synthetic;

namespace UnityVideo.Host.Options;

/// <summary>Validates <see cref="AblationOptions"/> (the arms' overrides are checked when each arm's configuration is built).</summary>
public sealed class AblationOptionsValidator : AbstractValidator<AblationOptions>
{
    /// <summary>Probe kinds <see cref="AblationTableOptions.Probe"/> accepts.</summary>
    public static IReadOnlyList<string> Probes { get; } = ["", "zero-shot"];

    /// <summary>Rules.</summary>
    public AblationOptionsValidator()
    {
        RuleFor(o => o.Steps).GreaterThan(0).WithMessage("must be at least 1");
        RuleFor(o => o.Seeds).GreaterThan(0).WithMessage("must be at least 1");
        RuleFor(o => o.TrainClips).GreaterThanOrEqualTo(8).WithMessage("must be at least 8");
        RuleFor(o => o.TestClips).GreaterThan(0).WithMessage("must be at least 1");
        RuleFor(o => o.GeneratedClips).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(o => o.SamplerSteps).GreaterThan(0).WithMessage("must be at least 1");
        RuleFor(o => o.DataSeed).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(o => o.Fps).Must(SyntheticOptions.IsValidFps).WithMessage("must be in (0, 1000]");
        RuleForEach(o => o.Set).Must(IsOverride).WithMessage("must be KEY=VALUE, like --set");
        RuleFor(o => o.Tables).Custom((tables, context) =>
        {
            // Checked by hand so that each message names the table by its key (Ablation:Tables:2:Arms:0:Name).
            foreach (var (name, table) in tables)
            {
                var at = $"Tables:{name}";
                if (table.Arms.Count == 0) context.AddFailure($"{at}:Arms", "a table needs at least one arm");
                if (!Probes.Contains(table.Probe))
                    context.AddFailure($"{at}:Probe", $"must be empty or one of: {string.Join(", ", Probes.Where(p => p.Length > 0))}");
                if (table.Probe == "zero-shot" && string.IsNullOrWhiteSpace(table.HeldOutClass))
                    context.AddFailure($"{at}:HeldOutClass", "the zero-shot probe needs the held-out class");
                if (table.Probe == "zero-shot" && string.IsNullOrWhiteSpace(table.HeldOutPrompt))
                    context.AddFailure($"{at}:HeldOutPrompt", "the zero-shot probe needs the prompt that asks for the held-out class");
                for (var i = 0; i < table.Set.Count; i++)
                    if (!IsOverride(table.Set[i])) context.AddFailure($"{at}:Set:{i}", "must be KEY=VALUE, like --set");
                var names = new HashSet<string>(StringComparer.Ordinal);
                for (var a = 0; a < table.Arms.Count; a++)
                {
                    var arm = table.Arms[a];
                    if (string.IsNullOrWhiteSpace(arm.Name)) context.AddFailure($"{at}:Arms:{a}:Name", "an arm needs a name");
                    else if (!names.Add(arm.Name)) context.AddFailure($"{at}:Arms:{a}:Name", $"another arm is already named '{arm.Name}'");
                    for (var i = 0; i < arm.Set.Count; i++)
                        if (!IsOverride(arm.Set[i])) context.AddFailure($"{at}:Arms:{a}:Set:{i}", "must be KEY=VALUE, like --set");
                }
            }
        });
    }

    private static bool IsOverride(string s) => s.IndexOf('=', StringComparison.Ordinal) > 0;
}
