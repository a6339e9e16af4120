namespace UnityVideo.Host.Options;

/// <summary>Marks an options property whose sub-keys are not checked against a schema (e.g. plugin settings).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FreeFormAttribute : Attribute;
