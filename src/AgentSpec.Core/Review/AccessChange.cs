using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Core.Review;

/// <summary>
/// One change between two compiled groups.yaml files, in access terms. <see cref="Group"/> is null for the file-wide
/// policy. <see cref="Before"/>/<see cref="After"/> are short values in groups.yaml terms (null where a side has
/// none); the lines are 1-based lines of each file (null where that side does not write it). For mount changes
/// <see cref="HostPath"/> and <see cref="ContainerPath"/> name the mount (the head's, else the base's). Value-equatable.
/// </summary>
internal sealed record AccessChange(
    string? Group,
    ChangeEffect Effect,
    string Kind,
    string? Before,
    string? After,
    int? BeforeLine,
    int? AfterLine,
    string? HostPath = null,
    string? ContainerPath = null)
{
    /// <summary>A grant on a mount that is read-write in the head: the agent may change more on the host.</summary>
    public bool IsWriteGrant { get; init; }
}
