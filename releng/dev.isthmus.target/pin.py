#!/usr/bin/env python3
"""Rewrites dev.isthmus.target.target: the closure of roots.txt with every artifact pinned to the highest
version any POM in the tree asks for (see README.md for why not Maven's nearest-wins)."""
import os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SETTINGS = os.path.join(HERE, '..', '..', '.mvn', 'settings.xml')
# Annotation-only or empty jars no bundle requires, and ANTLR 3's tool-time dependencies.
LEAVE_OUT = {'listenablefuture', 'j2objc-annotations', 'animal-sniffer-annotations', 'antlr', 'stringtemplate'}
# Older platform bundles import jakarta.annotation [2.1,3), newer ones [2.1,4): both versions are offered.
ALSO = [('jakarta.annotation', 'jakarta.annotation-api', '2.1.1')]
SECTIONS = [
    ('Eclipse platform', 'workbench, IDE application, Project Explorer, generic editor, console, themes, runtime-only pieces'),
    ('EMF', 'ecore, edit'),
    ('Xtext', 'runtime and IDE services (with lsp4j), and what they require'),
    ('Jackson and H2', 'headless engine, runner and journal; PostgreSQL\'s driver, for the CLI\'s tests only'),
    ('Batik CSS', 'the e4 CSS engine\'s parser, with mandatory imports'),
    ('JUnit', 'JUnit 5 for both test tiers; JUnit 4 and vintage only because org.eclipse.xtext.testing requires org.junit'),
]
INSTRUCTIONS_TEMPLATE = '''      <instructions><![CDATA[
Bundle-Name:           Bundle derived from maven artifact ${mvnGroupId}:${mvnArtifactId}:${mvnVersion}
version:               ${version_cleanup;${mvnVersion}}
Bundle-SymbolicName:   ${if;${matches;${mvnArtifactId};batik-css};org.apache.batik.css;${if;${matches;${mvnArtifactId};antlr-runtime};org.antlr.runtime;${if;${matches;${mvnArtifactId};junit};org.junit;wrapped.${mvnGroupId}.${mvnArtifactId}}}}
Bundle-Version:        ${version}
Import-Package:        {imports}
Export-Package:        *;version="${version}";-noimport:=true
DynamicImport-Package: *
]]></instructions>'''
INSTRUCTIONS = INSTRUCTIONS_TEMPLATE.replace('{imports}', '*;resolution:=optional')
# batik-css imports mandatorily, so that the Batik bundles it needs get installed (see README.md).
INSTRUCTIONS_MANDATORY = INSTRUCTIONS_TEMPLATE.replace('{imports}', '*')


def version_key(v):
    return [(0, int(p)) if p.isdigit() else (-1, p) for p in re.split(r'[.-]', v)]


def tree(artifacts, work):
    deps = ''.join(f'<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>'
                   for g, a, v in artifacts)
    with open(os.path.join(work, 'pom.xml'), 'w') as f:
        f.write('<project><modelVersion>4.0.0</modelVersion><groupId>pin</groupId><artifactId>pin</artifactId>'
                f'<version>1</version><dependencies>{deps}</dependencies></project>')
    out = os.path.join(work, 'tree.txt')
    subprocess.run(['mvn', '-B', '-q', '-s', SETTINGS, '-f', os.path.join(work, 'pom.xml'),
                    'org.apache.maven.plugins:maven-dependency-plugin:3.9.0:tree', '-Dverbose', '-DoutputFile=' + out],
                   check=True)
    wanted = {}
    for line in open(out):
        m = re.search(r'([\w.\-]+):([\w.\-]+):jar:([\w.\-]+):(compile|runtime)', line)
        if m:
            g, a, v = m.group(1), m.group(2), m.group(3)
            wanted.setdefault((g, a), set()).add(v)
            wanted[(g, a)].update(re.findall(r'omitted for conflict with ([\w.\-]+)', line))
    return sorted((g, a, max(vs, key=version_key)) for (g, a), vs in wanted.items())


def section(g, a):
    if a == 'batik-css':
        return 'Batik CSS'
    if g in ('junit', 'org.hamcrest', 'org.opentest4j', 'org.apiguardian') or g.startswith('org.junit'):
        return 'JUnit'
    if g.startswith('org.eclipse.emf'):
        return 'EMF'
    if g.startswith(('org.eclipse.xtext', 'org.eclipse.lsp4j', 'org.antlr', 'com.google', 'org.ow2.asm')) \
            or g in ('aopalliance', 'jakarta.inject', 'ch.qos.reload4j', 'org.jspecify'):
        return 'Xtext'
    if g.startswith('com.fasterxml') or g in ('com.h2database', 'org.postgresql'):
        return 'Jackson and H2'
    return 'Eclipse platform'


def main():
    lines = (l.split('#')[0].strip() for l in open(os.path.join(HERE, 'roots.txt')))
    roots = [tuple(l.split(':')) for l in lines if l]
    with tempfile.TemporaryDirectory() as work:
        pinned = roots
        for _ in range(6):
            closure = tree(pinned, work)
            if set(closure) == set(pinned):
                break
            pinned = closure
        else:
            sys.exit('pin.py: versions did not settle after 6 rounds; look at the roots')
    pinned = [p for p in pinned if p[1] not in LEAVE_OUT] + ALSO
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>', '<?pde version="3.8"?>',
             '<!-- Written by pin.py from roots.txt; see README.md. Maven Central only, every version exact. -->',
             '<target name="Isthmus (Maven Central)" sequenceNumber="1">', '  <locations>']
    for name, purpose in SECTIONS:
        lines.append(f'    <!-- {name}: {purpose} -->')
        lines.append(f'    <location type="Maven" label="{name}" includeDependencyDepth="none" '
                     'includeDependencyScopes="compile" includeSource="false" missingManifest="generate">')
        lines.append('      <dependencies>')
        for g, a, v in sorted(p for p in pinned if section(p[0], p[1]) == name):
            lines.append(f'        <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>'
                         f'<version>{v}</version><type>jar</type></dependency>')
        lines += ['      </dependencies>', INSTRUCTIONS_MANDATORY if name == 'Batik CSS' else INSTRUCTIONS,
                  '    </location>']
    lines += ['  </locations>',
              '  <targetJRE path="org.eclipse.jdt.launching.JRE_CONTAINER/org.eclipse.jdt.internal.debug.ui.launcher.StandardVMType/JavaSE-21"/>',
              '</target>', '']
    with open(os.path.join(HERE, 'dev.isthmus.target.target'), 'w') as f:
        f.write('\n'.join(lines))
    print(f'pinned {len(pinned)} artifacts')


if __name__ == '__main__':
    main()
