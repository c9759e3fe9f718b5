package dev.isthmus.studio.internal.editor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.text.DefaultIndentLineAutoEditStrategy;
import org.eclipse.jface.text.IAutoEditStrategy;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.TextAttribute;
import org.eclipse.jface.text.contentassist.ContentAssistant;
import org.eclipse.jface.text.contentassist.IContentAssistant;
import org.eclipse.jface.text.hyperlink.IHyperlinkDetector;
import org.eclipse.jface.text.presentation.IPresentationReconciler;
import org.eclipse.jface.text.presentation.PresentationReconciler;
import org.eclipse.jface.text.quickassist.IQuickAssistAssistant;
import org.eclipse.jface.text.quickassist.QuickAssistAssistant;
import org.eclipse.jface.text.reconciler.IReconciler;
import org.eclipse.jface.text.reconciler.MonoReconciler;
import org.eclipse.jface.text.rules.DefaultDamagerRepairer;
import org.eclipse.jface.text.rules.RuleBasedScanner;
import org.eclipse.jface.text.rules.Token;
import org.eclipse.jface.text.source.DefaultAnnotationHover;
import org.eclipse.jface.text.source.IAnnotationHover;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.ui.editors.text.TextSourceViewerConfiguration;

import dev.isthmus.dsl.ide.editor.IslIde;

/** Wires the language's services into JFace Text: colouring, reconciling, assist, hover, links, quick fixes. */
final class IslSourceViewerConfiguration extends TextSourceViewerConfiguration {

	/** How long typing must pause before the text is parsed and validated. */
	private static final int RECONCILE_DELAY_MS = 400;

	private final IslEditor editor;

	IslSourceViewerConfiguration(IslEditor editor, IPreferenceStore store) {
		super(store);
		this.editor = editor;
	}

	@Override
	public String getConfiguredDocumentPartitioning(ISourceViewer sourceViewer) {
		return IslPartitions.PARTITIONING;
	}

	@Override
	public String[] getConfiguredContentTypes(ISourceViewer sourceViewer) {
		return IslPartitions.TYPES;
	}

	@Override
	public IPresentationReconciler getPresentationReconciler(ISourceViewer sourceViewer) {
		PresentationReconciler reconciler = new PresentationReconciler();
		reconciler.setDocumentPartitioning(IslPartitions.PARTITIONING);
		DefaultDamagerRepairer code = new DefaultDamagerRepairer(new IslCodeScanner(IslIde.keywords()));
		reconciler.setDamager(code, IDocument.DEFAULT_CONTENT_TYPE);
		reconciler.setRepairer(code, IDocument.DEFAULT_CONTENT_TYPE);
		whole(reconciler, IslPartitions.COMMENT, IslColors.attribute(IslColors.Kind.COMMENT));
		whole(reconciler, IslPartitions.STRING, IslColors.attribute(IslColors.Kind.STRING));
		return reconciler;
	}

	private static void whole(PresentationReconciler reconciler, String partition, TextAttribute attribute) {
		RuleBasedScanner scanner = new RuleBasedScanner();
		scanner.setDefaultReturnToken(new Token(attribute));
		DefaultDamagerRepairer repairer = new DefaultDamagerRepairer(scanner);
		reconciler.setDamager(repairer, partition);
		reconciler.setRepairer(repairer, partition);
	}

	@Override
	public IReconciler getReconciler(ISourceViewer sourceViewer) {
		editor.reconciling = new IslReconcilingStrategy(editor);
		MonoReconciler reconciler = new MonoReconciler(editor.reconciling, false);
		reconciler.setDelay(RECONCILE_DELAY_MS);
		return reconciler;
	}

	@Override
	public IContentAssistant getContentAssistant(ISourceViewer sourceViewer) {
		// Asynchronous: proposals are computed off the UI thread (a parse of a large file takes a few hundred ms).
		ContentAssistant assistant = new ContentAssistant(true);
		assistant.setDocumentPartitioning(IslPartitions.PARTITIONING);
		assistant.setContentAssistProcessor(new IslContentAssistProcessor(editor), IDocument.DEFAULT_CONTENT_TYPE);
		assistant.enableAutoActivation(true);
		assistant.setAutoActivationDelay(300);
		assistant.setProposalPopupOrientation(IContentAssistant.PROPOSAL_OVERLAY);
		assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
		assistant.enableColoredLabels(true);
		return assistant;
	}

	@Override
	public IQuickAssistAssistant getQuickAssistAssistant(ISourceViewer sourceViewer) {
		QuickAssistAssistant assistant = new QuickAssistAssistant();
		assistant.setQuickAssistProcessor(new IslQuickAssistProcessor(editor));
		assistant.setInformationControlCreator(getInformationControlCreator(sourceViewer));
		return assistant;
	}

	@Override
	public ITextHover getTextHover(ISourceViewer sourceViewer, String contentType) {
		return new IslTextHover(editor);
	}

	@Override
	public IAnnotationHover getAnnotationHover(ISourceViewer sourceViewer) {
		return new DefaultAnnotationHover(true);
	}

	@Override
	public IHyperlinkDetector[] getHyperlinkDetectors(ISourceViewer sourceViewer) {
		List<IHyperlinkDetector> detectors = new ArrayList<>();
		detectors.add(new IslHyperlinkDetector(editor));
		IHyperlinkDetector[] inherited = super.getHyperlinkDetectors(sourceViewer);
		if (inherited != null) {
			detectors.addAll(Arrays.asList(inherited));
		}
		return detectors.toArray(IHyperlinkDetector[]::new);
	}

	@Override
	public IAutoEditStrategy[] getAutoEditStrategies(ISourceViewer sourceViewer, String contentType) {
		return new IAutoEditStrategy[] { new DefaultIndentLineAutoEditStrategy() };
	}

	@Override
	public String[] getDefaultPrefixes(ISourceViewer sourceViewer, String contentType) {
		return new String[] { "//", "" };
	}

	@Override
	public String[] getIndentPrefixes(ISourceViewer sourceViewer, String contentType) {
		return new String[] { "    ", "\t", "" };
	}

	@Override
	public int getTabWidth(ISourceViewer sourceViewer) {
		return 4;
	}
}
