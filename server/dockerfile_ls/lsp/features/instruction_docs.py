"""Short hover texts for instructions and flags, from the Dockerfile reference.

The facts follow https://docs.docker.com/reference/dockerfile/; the wording is ours.
"""

from __future__ import annotations

INSTRUCTIONS: dict[str, str] = {
    "FROM": "Starts a build stage on a base image or an earlier stage: "
    "`FROM [--platform=<p>] <image> [AS <name>]`.",
    "RUN": "Runs a command in a new layer, in shell form (`/bin/sh -c` on Linux) or "
    'exec form (`["program", "arg"]`).',
    "CMD": "Sets the default command of a container; only the last CMD of the final "
    "stage applies.",
    "LABEL": "Adds metadata to the image as `key=value` pairs.",
    "MAINTAINER": "Deprecated: sets the author field. Use "
    "`LABEL org.opencontainers.image.authors=...` instead.",
    "EXPOSE": "Documents the ports the container listens on (`80`, `53/udp`); it "
    "publishes nothing.",
    "ENV": "Sets environment variables for later instructions and for the container.",
    "ADD": "Copies files, URLs or Git repositories into the image; local tar archives "
    "are unpacked.",
    "COPY": "Copies files from the build context, a stage (`--from=<stage>`), an image "
    "or a named context into the image.",
    "ENTRYPOINT": "Sets the program a container runs; CMD supplies its default "
    "arguments.",
    "VOLUME": "Marks paths as mount points for external volumes.",
    "USER": "Sets the user (and group) for later RUN, CMD and ENTRYPOINT instructions.",
    "WORKDIR": "Sets the working directory for later instructions, creating it if "
    "needed.",
    "ARG": "Declares a build argument. Before the first FROM it is global and visible "
    "only to FROM lines; a stage must declare it again to use it.",
    "ONBUILD": "Registers an instruction that runs when another build uses this image "
    "(or this stage) as its base.",
    "STOPSIGNAL": "Sets the signal that stops the container.",
    "HEALTHCHECK": "Tells how to check that the container still works "
    "(`HEALTHCHECK [options] CMD <command>` or `HEALTHCHECK NONE`).",
    "SHELL": "Sets the shell used by shell-form instructions, as a JSON array.",
}

FLAGS: dict[tuple[str, str], str] = {
    ("FROM", "platform"): "The platform of the base image, such as `linux/amd64` "
    "or `$BUILDPLATFORM`; only global ARGs can be used.",
    ("COPY", "from"): "Copy from a build stage (name, or index counted from 0), an "
    "image or a named build context instead of the build context. Variables are "
    "not expanded here.",
    ("COPY", "chown"): "Owner of the copied files, as `user`, `user:group` or numeric "
    "ids.",
    ("COPY", "chmod"): "Permissions of the copied files, in octal or symbolic form.",
    ("COPY", "link"): "Copy into a layer of its own that does not depend on earlier "
    "layers, so it can be reused when they change.",
    ("COPY", "parents"): "Keep the directories of each source path under the "
    "destination.",
    ("COPY", "exclude"): "Leave out paths that match this pattern.",
    ("ADD", "chown"): "Owner of the added files.",
    ("ADD", "chmod"): "Permissions of the added files.",
    ("ADD", "link"): "Add into a layer of its own.",
    ("ADD", "keep-git-dir"): "Keep the `.git` directory when adding a Git repository.",
    ("ADD", "checksum"): "Checksum a remote file must have, such as `sha256:...`.",
    ("ADD", "exclude"): "Leave out paths that match this pattern.",
    ("ADD", "unpack"): "Whether to unpack a remote archive.",
    ("RUN", "mount"): "Mount something for this command only: `type=cache`, "
    "`type=secret`, `type=ssh`, `type=tmpfs`, or `type=bind` with `from=<stage or "
    "image>` (a stage name, not an index).",
    ("RUN", "network"): "Network for the command: `default`, `none` or `host`.",
    ("RUN", "security"): "`insecure` runs the command with extra privileges "
    "(needs an entitlement); `sandbox` is the default.",
    ("HEALTHCHECK", "interval"): "Time between two checks (default 30s).",
    ("HEALTHCHECK", "timeout"): "Time after which a check fails (default 30s).",
    ("HEALTHCHECK", "start-period"): "Start-up time during which failures do not "
    "count (default 0s).",
    ("HEALTHCHECK", "start-interval"): "Time between checks during the start period "
    "(default 5s).",
    ("HEALTHCHECK", "retries"): "Failures in a row before the container is unhealthy "
    "(default 3).",
}
