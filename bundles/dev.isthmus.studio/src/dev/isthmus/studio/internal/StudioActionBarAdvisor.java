package dev.isthmus.studio.internal;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;

/**
 * The File, Edit, Navigate, Window and Help menus. Classic actions rather than an e4 model: the 3.x workbench API is what
 * the IDE bundles we reuse (Project Explorer, Problems, generic editor) contribute to.
 */
class StudioActionBarAdvisor extends ActionBarAdvisor {

	private IWorkbenchWindow window;

	StudioActionBarAdvisor(IActionBarConfigurer configurer) {
		super(configurer);
	}

	@Override
	protected void makeActions(IWorkbenchWindow window) {
		this.window = window;
		// Registering the retargetable actions is what makes their key bindings (Ctrl+S, Ctrl+Z, …) work.
		for (ActionFactory factory : new ActionFactory[] { ActionFactory.SAVE, ActionFactory.SAVE_AS,
				ActionFactory.SAVE_ALL, ActionFactory.CLOSE, ActionFactory.CLOSE_ALL, ActionFactory.REFRESH,
				ActionFactory.IMPORT, ActionFactory.EXPORT, ActionFactory.QUIT, ActionFactory.UNDO,
				ActionFactory.REDO, ActionFactory.CUT, ActionFactory.COPY, ActionFactory.PASTE,
				ActionFactory.DELETE, ActionFactory.SELECT_ALL, ActionFactory.FIND, ActionFactory.RESET_PERSPECTIVE,
				ActionFactory.PREFERENCES, ActionFactory.NEW }) {
			register(factory.create(window));
		}
	}

	@Override
	protected void fillMenuBar(IMenuManager menuBar) {
		menuBar.add(fileMenu());
		menuBar.add(editMenu());
		menuBar.add(navigateMenu());
		menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		menuBar.add(windowMenu());
		menuBar.add(helpMenu());
	}

	private MenuManager fileMenu() {
		MenuManager menu = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
		MenuManager newMenu = new MenuManager("&New", ActionFactory.NEW.getId());
		newMenu.add(ContributionItemFactory.NEW_WIZARD_SHORTLIST.create(window));
		menu.add(new GroupMarker(IWorkbenchActionConstants.FILE_START));
		menu.add(newMenu);
		menu.add(new GroupMarker(IWorkbenchActionConstants.NEW_EXT));
		menu.add(new Separator());
		add(menu, ActionFactory.CLOSE, ActionFactory.CLOSE_ALL);
		menu.add(new GroupMarker(IWorkbenchActionConstants.CLOSE_EXT));
		menu.add(new Separator());
		add(menu, ActionFactory.SAVE, ActionFactory.SAVE_AS, ActionFactory.SAVE_ALL);
		menu.add(new GroupMarker(IWorkbenchActionConstants.SAVE_EXT));
		menu.add(new Separator());
		add(menu, ActionFactory.REFRESH);
		menu.add(new Separator());
		add(menu, ActionFactory.IMPORT, ActionFactory.EXPORT);
		menu.add(new GroupMarker(IWorkbenchActionConstants.IMPORT_EXT));
		menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
		menu.add(new Separator());
		add(menu, ActionFactory.QUIT);
		menu.add(new GroupMarker(IWorkbenchActionConstants.FILE_END));
		return menu;
	}

	private MenuManager editMenu() {
		// The group markers are where text editors contribute (Find Next, Go to Line, …): an editor whose
		// contributor misses one fails to open.
		MenuManager menu = new MenuManager("&Edit", IWorkbenchActionConstants.M_EDIT);
		menu.add(new GroupMarker(IWorkbenchActionConstants.EDIT_START));
		add(menu, ActionFactory.UNDO, ActionFactory.REDO);
		menu.add(new GroupMarker(IWorkbenchActionConstants.UNDO_EXT));
		menu.add(new Separator());
		add(menu, ActionFactory.CUT, ActionFactory.COPY, ActionFactory.PASTE);
		menu.add(new GroupMarker(IWorkbenchActionConstants.CUT_EXT));
		menu.add(new Separator());
		add(menu, ActionFactory.DELETE, ActionFactory.SELECT_ALL);
		menu.add(new Separator());
		add(menu, ActionFactory.FIND);
		menu.add(new GroupMarker(IWorkbenchActionConstants.FIND_EXT));
		menu.add(new Separator());
		menu.add(new GroupMarker(IWorkbenchActionConstants.ADD_EXT));
		menu.add(new GroupMarker(IWorkbenchActionConstants.EDIT_END));
		menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
		return menu;
	}

	private MenuManager navigateMenu() {
		MenuManager menu = new MenuManager("&Navigate", IWorkbenchActionConstants.M_NAVIGATE);
		menu.add(new GroupMarker(IWorkbenchActionConstants.NAV_START));
		menu.add(new Separator(IWorkbenchActionConstants.OPEN_EXT));
		menu.add(new Separator(IWorkbenchActionConstants.SHOW_EXT));
		menu.add(new Separator(IWorkbenchActionConstants.MB_ADDITIONS));
		menu.add(new GroupMarker(IWorkbenchActionConstants.NAV_END));
		return menu;
	}

	private MenuManager windowMenu() {
		MenuManager menu = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
		MenuManager showView = new MenuManager("Show &View");
		showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
		menu.add(showView);
		add(menu, ActionFactory.RESET_PERSPECTIVE);
		menu.add(new Separator());
		add(menu, ActionFactory.PREFERENCES);
		return menu;
	}

	private MenuManager helpMenu() {
		MenuManager menu = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
		menu.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
		menu.add(new Separator());
		Action about = new Action("&About Isthmus Studio") {
			@Override
			public void run() {
				new AboutIsthmusDialog(window.getShell()).open();
			}
		};
		about.setId(AboutIsthmusDialog.ACTION_ID);
		menu.add(about);
		return menu;
	}

	private void add(MenuManager menu, ActionFactory... factories) {
		for (ActionFactory factory : factories) {
			menu.add(getAction(factory.getId()));
		}
	}

	@Override
	public void dispose() {
		super.dispose();
		window = null;
	}
}
